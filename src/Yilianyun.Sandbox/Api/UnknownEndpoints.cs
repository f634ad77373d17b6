using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Yilianyun.Sandbox.Api;

/// <summary>
/// Paths the platform does not serve, and known paths asked with a method they do not take, answer the platform's JSON
/// envelope (error 47 with the detail in <c>body</c>) rather than the host's HTML error pages: an SDK pointed at the
/// sandbox gets an error it can read.
/// </summary>
internal static class UnknownEndpoints
{
    public static void MapUnknownEndpoints(this RouteGroupBuilder group) =>
        group.Map("/{**rest}", (HttpContext context, string? rest, TimeProvider time) => AnswerAsync(context, rest ?? "", time))
            .DisableAntiforgery();

    /// <summary>The pages a person opens (console, printer pages, consent), as opposed to the API.</summary>
    public static bool IsPage(PathString path) =>
        path.StartsWithSegments("/admin") || path.StartsWithSegments("/printers")
        || path.StartsWithSegments("/oauth/authorize") || path.StartsWithSegments("/v2/oauth/authorize");

    /// <summary>The envelope for <paramref name="rest"/> (the path below the sandbox's root, without the leading slash).</summary>
    public static Task AnswerAsync(HttpContext context, string rest, TimeProvider time)
    {
        var dialect = rest.StartsWith("v2/", StringComparison.OrdinalIgnoreCase) ? SandboxDialect.V2 : SandboxDialect.V1;
        var path = dialect == SandboxDialect.V2 ? rest[3..] : rest;
        var known = SandboxApi.Paths.Contains(path);
        var method = context.Request.Method;
        if (known)
        {
            context.Response.Headers.Allow = dialect == SandboxDialect.V2 ? "GET, POST" : "POST";
        }

        var detail = known ? $"{method} is not accepted on /{rest}" : $"no such endpoint: {method} /{rest}";
        return EnvelopeWriter.AnswerAsync(context, ApiResult.Fail(SandboxErrors.ParameterError, detail), dialect, time.GetUtcNow(),
            known ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound);
    }
}
