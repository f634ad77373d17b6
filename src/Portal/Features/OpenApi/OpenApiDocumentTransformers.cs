using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using AspNetOpenApiOptions = Microsoft.AspNetCore.OpenApi.OpenApiOptions;
using DocumentOperation = Microsoft.OpenApi.OpenApiOperation;
using DocumentResponse = Microsoft.OpenApi.OpenApiResponse;

namespace Portal.Features.OpenApi;

/// <summary>
/// What Microsoft.AspNetCore.OpenApi cannot read off the endpoints: the document's title, the Basic scheme, the query
/// parameters the handler reads itself, and document 003's examples and error codes on every response.
/// </summary>
internal static class OpenApiDocumentTransformers
{
    public const string SecurityScheme = "basic";

    private static readonly string[] Formats = ["application/json", "application/xml"];

    public static void Configure(AspNetOpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_0;
        // Only the open API: the portal's pages and its other endpoints are not for providers.
        options.ShouldInclude = description => description.GroupName == OpenApiRegistration.DocumentName;
        options.AddDocumentTransformer((document, context, _) =>
        {
            // The server is the configured public address, never the address of the request that fetched the document.
            var links = context.ApplicationServices.GetRequiredService<PortalLinks>();
            document.Servers = [new OpenApiServer { Url = links.Base.AbsoluteUri.TrimEnd('/') }];
            document.Info = new OpenApiInfo
            {
                Title = "Portal open API (document 003)",
                Version = "1.0",
                Description = "Every call needs HTTP Basic client_id:client_secret. Answers are {\"data\":…,\"code\":…,\"message\":…} "
                    + "in JSON, or the same as XML under <response>; the HTTP status follows the code as listed per response.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "basic",
                Description = $"client_id as the user name, client_secret as the password. The document's test client: {OpenApiExamples.BasicHeader}",
            };
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (type == typeof(OpenApiErrorAnswer) || type.IsGenericType && type.GetGenericTypeDefinition() == typeof(OpenApiAnswer<>))
            {
                schema.Xml = new OpenApiXml { Name = "response" };
            }

            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<OpenApiEndpointDoc>().FirstOrDefault() is { } endpoint)
            {
                Describe(operation, endpoint, context.Document);
            }

            return Task.CompletedTask;
        });
    }

    private static void Describe(DocumentOperation operation, OpenApiEndpointDoc endpoint, OpenApiDocument? document)
    {
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, document)] = [] }];
        operation.Parameters = [FormatParameter(), .. endpoint.Parameters.Select(QueryParameter)];

        var responses = operation.Responses ??= [];
        Describe(responses, "200", "code 200: ok", [(null, OpenApiCode.Ok, "ok", OpenApiExamples.Answer(endpoint.Operation))]);
        foreach (var status in endpoint.Errors.GroupBy(e => e.HttpStatus))
        {
            var description = string.Join("; ", status.Select(c => $"code {(int)c.Code}: {c.Message} ({c.When})"));
            Describe(responses, status.Key.ToString(CultureInfo.InvariantCulture), description,
                [.. status.Select(c => ((string?)((int)c.Code).ToString(CultureInfo.InvariantCulture), c.Code, c.Message, (IReadOnlyList<OpenApiField>?)null))]);
        }
    }

    /// <summary>
    /// The response's description and, per format, its examples as the handler writes them: one for success, and one
    /// named by code for each error that travels with this HTTP status.
    /// </summary>
    private static void Describe(OpenApiResponses responses, string status, string description,
        IReadOnlyList<(string? Name, OpenApiCode Code, string Message, IReadOnlyList<OpenApiField>? Data)> examples)
    {
        if (!responses.TryGetValue(status, out var found) || found is not DocumentResponse response)
        {
            throw new InvalidOperationException($"The endpoint does not declare HTTP {status}; add it with Produces.");
        }

        response.Description = description;
        foreach (var (format, mediaType) in Formats.Select(f => (f == "application/json" ? OpenApiFormat.Json : OpenApiFormat.Xml, response.Content![f])))
        {
            JsonNode Value((string? Name, OpenApiCode Code, string Message, IReadOnlyList<OpenApiField>? Data) e)
            {
                var body = OpenApiResponse.Render(format, (int)e.Code, e.Message, e.Data).WrittenSpan;
                return format == OpenApiFormat.Json ? JsonNode.Parse(body)! : JsonValue.Create(Encoding.UTF8.GetString(body));
            }

            if (examples is [{ Name: null } single])
            {
                mediaType.Example = Value(single);
            }
            else
            {
                mediaType.Examples = examples.ToDictionary(e => e.Name!, e => (IOpenApiExample)new OpenApiExample { Summary = e.Message, Value = Value(e) });
            }
        }
    }

    private static OpenApiParameter FormatParameter() => new()
    {
        Name = "format",
        In = ParameterLocation.Path,
        Required = true,
        Description = "json or xml: the same envelope and fields in either form.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("json"), JsonValue.Create("xml")] },
        Example = JsonValue.Create("json"),
    };

    private static IOpenApiParameter QueryParameter(OpenApiParameterDoc parameter) => new OpenApiParameter
    {
        Name = parameter.Name,
        In = ParameterLocation.Query,
        Required = true,
        Description = parameter.Description,
        Schema = parameter.Name is "t_" or "p_"
            ? new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }
            : new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Pattern = parameter.Name switch
                {
                    "client_id" => "^[0-9]{10}$",
                    "auth_code" => "^[0-9A-Fa-f]{40}$",
                    _ => "^[A-Za-z0-9]{16,128}$",
                },
            },
        Example = parameter.Name is "t_" or "p_"
            ? JsonValue.Create(long.Parse(OpenApiExamples.Parameter(parameter.Name), CultureInfo.InvariantCulture))
            : JsonValue.Create(OpenApiExamples.Parameter(parameter.Name)),
    };
}
