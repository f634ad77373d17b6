namespace Portal.Features.OpenApi;

/// <summary>
/// The load benchmark's baseline (mapped only when <see cref="OpenApiOptions.EnableBenchmarkBaseline"/> is on): the
/// document's example user-info answer, written as constant bytes through the same writer, so it has the size of a real
/// getUserInfo answer but none of its work.
/// </summary>
internal static class OpenApiBenchmarkBaseline
{
    private static readonly IReadOnlyList<OpenApiField> ExampleUser =
    [
        OpenApiField.Of("username", "li******40"),
        OpenApiField.Of("truename", "李**"),
        OpenApiField.Of("sex", "3"),
        OpenApiField.Of("phone", "13******0170"),
        OpenApiField.Of("is_admin", "1"),
        OpenApiField.Of("status", null),
        OpenApiField.Of("avatar", "http://avatar.xxx.dev.com/000/00/11/52_avatar_small"),
        OpenApiField.Of("created", "2017-11-30 10:37:30"),
        OpenApiField.Of("nowtime", 1522404566),
    ];

    public static Task WriteAsync(HttpContext context)
    {
        OpenApiResponse.TryParseFormat(context.Request.RouteValues["format"], out var format);
        return OpenApiResponse.WriteOkAsync(context, format, ExampleUser);
    }
}
