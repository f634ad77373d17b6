using System.Reflection;
using System.Text.Json.Serialization;

namespace Portal.Features.OpenApi;

/// <summary>One endpoint as it is mapped, described in the OpenAPI document and shown on the docs page.</summary>
public sealed record OpenApiEndpointDoc(OpenApiOperation Operation, string Tag, string Route, string Summary,
    IReadOnlyList<OpenApiParameterDoc> Parameters, Type DataType)
{
    public string Path => OpenApiRegistration.RoutePrefix + Route;

    /// <summary>The route name and the document's operationId.</summary>
    public string Name => Operation.ToString();

    /// <summary>The fields of <c>data</c> in the order they are written, from <see cref="DataType"/>.</summary>
    public IReadOnlyList<string> DataFields { get; } =
        [.. DataType.GetProperties().Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()!.Name)];

    /// <summary>The codes this endpoint can answer other than 200: authorize reads no auth code, so none of those.</summary>
    public IReadOnlyList<OpenApiCodeInfo> Errors { get; } =
    [
        .. OpenApiCodes.All.Where(c => c.Code != OpenApiCode.Ok
            && (Operation != OpenApiOperation.Authorize || !OpenApiEndpoints.AuthCodeErrors.Contains(c.Code))),
    ];
}

public sealed record OpenApiParameterDoc(string Name, string Description);

/// <summary>The table the endpoints are mapped from, and the docs page and the OpenAPI document describe.</summary>
public static class OpenApiEndpoints
{
    private static readonly OpenApiParameterDoc T = new("t_", "Caller's time in milliseconds since 1970-01-01 UTC; must be within the clock window (default ± 5 minutes).");
    private static readonly OpenApiParameterDoc P = new("p_", "(t_ % 10000) * 3 + 2345");
    private static readonly OpenApiParameterDoc AccessToken = new("access_token", "The user's API access token, created on their account page (valid 3 months).");
    private static readonly OpenApiParameterDoc ClientId = new("client_id", "Your 10-digit client id; must equal the Basic user name.");
    private static readonly OpenApiParameterDoc AuthCode = new("auth_code", "The 40-hex auth code from authorize.");

    internal static readonly FrozenSet<OpenApiCode> AuthCodeErrors =
    [
        OpenApiCode.AuthCodeNoPermission, OpenApiCode.AuthCodeNotFound, OpenApiCode.AuthCodeExpired, OpenApiCode.AuthCodeOtherClient,
        OpenApiCode.AuthCodeOtherUser,
    ];

    public static readonly IReadOnlyList<OpenApiEndpointDoc> All =
    [
        new(OpenApiOperation.Authorize, "authService", "/authService/authorize/{format}",
            "Issues an auth code for the user of access_token, bound to your client, that user and their company.",
            [AccessToken, T, P], typeof(AuthorizeData)),
        new(OpenApiOperation.GetUserInfo, "userService", "/userService/getUserInfo/{format}",
            "The user's masked profile. Needs the user scope.",
            [AccessToken, ClientId, AuthCode, T, P], typeof(UserInfoData)),
        new(OpenApiOperation.GetCompanyInfo, "companyService", "/companyService/getCompanyInfo/{format}",
            "The masked profile of the company the access token was created in. Needs the company scope.",
            [AccessToken, ClientId, AuthCode, T, P], typeof(CompanyInfoData)),
    ];

    public static OpenApiEndpointDoc Get(OpenApiOperation operation) => All.Single(e => e.Operation == operation);

    /// <summary>
    /// Maps each endpoint with what the OpenAPI document is generated from: its name, summary, tag, the answers it
    /// produces in JSON and XML per HTTP status, and this table's row (read by <see cref="OpenApiDocumentTransformers"/>).
    /// </summary>
    internal static void Map(RouteGroupBuilder api, OpenApiHandler handler)
    {
        foreach (var endpoint in All)
        {
            var operation = endpoint.Operation;
            // format is the route's json or xml; the handler reads it (and answers 501 to anything else) itself.
            var builder = api.MapGet(endpoint.Route, (HttpContext context, string format) => handler.HandleAsync(context, operation))
                .WithName(endpoint.Name)
                .WithSummary(endpoint.Summary)
                .WithTags(endpoint.Tag)
                .WithMetadata(endpoint)
                .Produces(StatusCodes.Status200OK, typeof(OpenApiAnswer<>).MakeGenericType(endpoint.DataType), "application/json", "application/xml");
            foreach (var status in endpoint.Errors.Select(e => e.HttpStatus).Distinct().Order())
            {
                builder.Produces(status, typeof(OpenApiErrorAnswer), "application/json", "application/xml");
            }
        }
    }
}
