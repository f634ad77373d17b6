using Microsoft.OpenApi;
using AspNetOpenApiOptions = Microsoft.AspNetCore.OpenApi.OpenApiOptions;

namespace Portal.Features.PrintApi;

/// <summary>What the OpenAPI document cannot read off the endpoints: its title, server, the bearer scheme and each call's scope.</summary>
internal static class PrintApiDocument
{
    public const string SecurityScheme = "apiKey";

    /// <summary>
    /// The JSON body an endpoint reads itself. Not <c>Accepts</c>: routing would send a request of another content
    /// type elsewhere instead of to the endpoint, which answers it with a problem.
    /// </summary>
    public sealed record JsonBody(Type Type);

    public static void Configure(AspNetOpenApiOptions options)
    {
        options.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1;
        options.ShouldInclude = description => description.GroupName == PrintApiRegistration.DocumentName;
        options.AddDocumentTransformer((document, context, _) =>
        {
            // The configured public address, never the address of the request that fetched the document.
            var links = context.ApplicationServices.GetRequiredService<PortalLinks>();
            document.Servers = [new OpenApiServer { Url = links.Base.AbsoluteUri.TrimEnd('/') }];
            document.Info = new OpenApiInfo
            {
                Title = "Portal print API",
                Version = "1",
                Description = "Print receipts and follow their jobs from your own code. Every call needs \"Authorization: Bearer pk_…\", a key a company "
                    + $"owner creates on the portal's print API page. An operator's key names the company in the {PrintApiKeyAuthentication.CompanyHeader} header. "
                    + "Errors are RFC 9457 problem details (application/problem+json) whose type ends in one of: "
                    + string.Join(", ", PrintApiProblem.All.Select(p => $"#{p.Slug} ({p.Status})")) + ".",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A print API key: pk_ followed by 43 characters.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var scope = context.Description.ActionDescriptor.EndpointMetadata.OfType<PrintApiScope>().FirstOrDefault();
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, context.Document)] = scope is null ? [] : [scope.Name] }];
            if (scope is not null)
            {
                operation.Description = $"Needs the scope {scope.Name}. {operation.Description}".TrimEnd();
            }

            if (context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonBody>().FirstOrDefault() is { } body)
            {
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, cancellationToken: cancellationToken) },
                    },
                };
            }
        });
    }
}
