using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Features.OpenApi;

/// <summary>Wires the third-party open API (document 003) into the portal.</summary>
public static class OpenApiRegistration
{
    public const string RoutePrefix = "/apis/rest";

    /// <summary>The name of the OpenAPI document, and the group name of the endpoints it describes.</summary>
    public const string DocumentName = "openapi";

    /// <summary>The OpenAPI description of the endpoints (generated from them), linked from the developers page.</summary>
    public const string DescriptionPath = "/apis/" + DocumentName + ".json";

    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services)
    {
        services.AddOptions<OpenApiOptions>().BindConfiguration(OpenApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<OpenApiOptions>, OpenApiOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<OpenApiStore>();
        services.AddSingleton<OpenApiUsageRecorder>();
        services.AddSingleton<OpenApiRateLimiter>();
        services.AddSingleton<OpenApiClientAuthentication>();
        services.AddSingleton<OpenApiParameterValidation>();
        services.AddSingleton<OpenApiAuthCodeIssuer>();
        services.AddSingleton<OpenApiAuthCodeCheck>();
        services.AddSingleton<OpenApiProfileReader>();
        services.AddSingleton<OpenApiHandler>();
        services.AddHostedService<OpenApiUsageFlusher>();
        services.AddHostedService<OpenApiExampleSeeder>();

        services.AddScoped<ApiClientService>();
        services.AddScoped<ApiAccessService>();
        services.AddScoped<OpenApiExplorer>();

        services.AddOpenApi(DocumentName, OpenApiDocumentTransformers.Configure);
        return services;
    }

    /// <summary>
    /// Maps the endpoints and their OpenAPI description at <see cref="DescriptionPath"/>, open to everyone;
    /// <see cref="OpenApiHandler"/> applies the rate limit itself, once it knows the caller.
    /// </summary>
    public static IEndpointRouteBuilder MapPortalOpenApi(this IEndpointRouteBuilder endpoints)
    {
        var handler = endpoints.ServiceProvider.GetRequiredService<OpenApiHandler>();
        var api = endpoints.MapGroup(RoutePrefix)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithGroupName(DocumentName);
        OpenApiEndpoints.Map(api, handler);

        endpoints.MapOpenApi("/apis/{documentName:regex(^" + DocumentName + "$)}.json").AllowAnonymous();
        return endpoints;
    }
}
