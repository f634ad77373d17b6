using System.Text.Json.Nodes;

namespace Portal.Features.OpenApi;

/// <summary>One endpoint as the docs page and the generated OpenAPI description present it.</summary>
public sealed record OpenApiEndpointDoc(OpenApiOperation Operation, string Path, string Summary, IReadOnlyList<OpenApiParameterDoc> Parameters,
    IReadOnlyList<string> DataFields);

public sealed record OpenApiParameterDoc(string Name, string Description);

/// <summary>
/// Describes the endpoints from the same tables the handler answers from, and serves them as an OpenAPI 3.0 document
/// at <see cref="OpenApiRegistration.DescriptionPath"/>.
/// </summary>
public static class OpenApiDescription
{
    private static readonly OpenApiParameterDoc T = new("t_", "Caller's time in milliseconds since 1970-01-01 UTC; must be within the clock window (default ± 5 minutes).");
    private static readonly OpenApiParameterDoc P = new("p_", "(t_ % 10000) * 3 + 2345");
    private static readonly OpenApiParameterDoc AccessToken = new("access_token", "The user's API access token, created on their account page (valid 3 months).");
    private static readonly OpenApiParameterDoc ClientId = new("client_id", "Your 10-digit client id; must equal the Basic user name.");
    private static readonly OpenApiParameterDoc AuthCode = new("auth_code", "The 40-hex auth code from authorize.");

    public static readonly IReadOnlyList<OpenApiEndpointDoc> Endpoints =
    [
        new(OpenApiOperation.Authorize, OpenApiRegistration.RoutePrefix + "/authService/authorize/{format}",
            "Issues an auth code for the user of access_token, bound to your client, that user and their company.",
            [AccessToken, T, P], ["auth_code"]),
        new(OpenApiOperation.GetUserInfo, OpenApiRegistration.RoutePrefix + "/userService/getUserInfo/{format}",
            "The user's masked profile. Needs the user scope.",
            [AccessToken, ClientId, AuthCode, T, P],
            ["username", "truename", "sex", "phone", "is_admin", "status", "avatar", "created", "nowtime"]),
        new(OpenApiOperation.GetCompanyInfo, OpenApiRegistration.RoutePrefix + "/companyService/getCompanyInfo/{format}",
            "The masked profile of the company the access token was created in. Needs the company scope.",
            [AccessToken, ClientId, AuthCode, T, P],
            ["company_name", "company_type", "tax_number", "province", "city", "zone", "address", "disable", "tel_phone",
             "legal_person_phone", "legal_person_name", "created", "nowtime"]),
    ];

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private static readonly Lazy<string> Document = new(() => Build().ToJsonString(Indented));

    public static IResult Write() => Results.Text(Document.Value, "application/json; charset=utf-8");

    internal static JsonObject Build()
    {
        var paths = new JsonObject();
        foreach (var endpoint in Endpoints)
        {
            var parameters = new JsonArray(new JsonObject
            {
                ["name"] = "format",
                ["in"] = "path",
                ["required"] = true,
                ["description"] = "json or xml: the same envelope and fields in either form.",
                ["schema"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("json", "xml") },
            });
            foreach (var parameter in endpoint.Parameters)
            {
                parameters.Add(new JsonObject
                {
                    ["name"] = parameter.Name,
                    ["in"] = "query",
                    ["required"] = true,
                    ["description"] = parameter.Description,
                    ["schema"] = new JsonObject { ["type"] = parameter.Name is "t_" or "p_" ? "integer" : "string" },
                });
            }

            var responses = new JsonObject
            {
                ["200"] = Response("code 200: ok", Envelope(endpoint.DataFields)),
            };
            foreach (var status in OpenApiCodes.All.Where(c => c.HttpStatus != 200).GroupBy(c => c.HttpStatus).OrderBy(g => g.Key))
            {
                var codes = string.Join("; ", status.Select(c => $"code {(int)c.Code}: {c.Message} ({c.When})"));
                responses[status.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Response(codes, Envelope(null));
            }

            paths[endpoint.Path] = new JsonObject
            {
                ["get"] = new JsonObject
                {
                    ["operationId"] = endpoint.Operation.ToString(),
                    ["summary"] = endpoint.Summary,
                    ["security"] = new JsonArray(new JsonObject { ["basic"] = new JsonArray() }),
                    ["parameters"] = parameters,
                    ["responses"] = responses,
                },
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "Portal open API (document 003)",
                ["version"] = "1.0",
                ["description"] = "Every call needs HTTP Basic client_id:client_secret. Answers are {\"data\":…,\"code\":…,\"message\":…}; "
                    + "the HTTP status follows the code as listed per response.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["basic"] = new JsonObject { ["type"] = "http", ["scheme"] = "basic" },
                },
            },
        };
    }

    private static JsonObject Response(string description, JsonObject schema) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject
        {
            ["application/json"] = new JsonObject { ["schema"] = schema },
            ["application/xml"] = new JsonObject { ["schema"] = schema.DeepClone() },
        },
    };

    private static JsonObject Envelope(IReadOnlyList<string>? fields)
    {
        var data = new JsonObject { ["type"] = "object", ["nullable"] = true };
        if (fields is not null)
        {
            var properties = new JsonObject();
            foreach (var field in fields)
            {
                properties[field] = field == "nowtime"
                    ? new JsonObject { ["type"] = "integer", ["format"] = "int64", ["description"] = "Server time, unix seconds." }
                    : new JsonObject { ["type"] = "string", ["nullable"] = field == "status" };
            }

            data["properties"] = properties;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["xml"] = new JsonObject { ["name"] = "response" },
            ["properties"] = new JsonObject
            {
                ["data"] = data,
                ["code"] = new JsonObject { ["type"] = "integer" },
                ["message"] = new JsonObject { ["type"] = "string" },
            },
        };
    }
}
