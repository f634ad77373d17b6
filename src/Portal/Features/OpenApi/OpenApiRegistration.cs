using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Features.OpenApi;

/// <summary>Wires the third-party open API (document 003) into the portal.</summary>
public static class OpenApiRegistration
{
    public const string RoutePrefix = "/apis/rest";

    /// <summary>The generated OpenAPI description of the endpoints, linked from the developers page.</summary>
    public const string DescriptionPath = "/apis/openapi.json";

    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services)
    {
        services.AddOptions<OpenApiOptions>().BindConfiguration(OpenApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<OpenApiOptions>, OpenApiOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<OpenApiStore>();
        services.AddSingleton<OpenApiUsageRecorder>();
        services.AddSingleton<OpenApiRateLimiter>();
        services.AddSingleton<OpenApiHandler>();
        services.AddHostedService<OpenApiUsageFlusher>();
        services.AddHostedService<OpenApiExampleSeeder>();

        services.AddScoped<ApiClientService>();
        services.AddScoped<ApiAccessService>();
        services.AddScoped<OpenApiExplorer>();

        return services;
    }

    /// <summary>Maps the endpoints; <see cref="OpenApiHandler"/> applies the rate limit itself, once it knows the caller.</summary>
    public static IEndpointRouteBuilder MapPortalOpenApi(this IEndpointRouteBuilder endpoints)
    {
        var handler = endpoints.ServiceProvider.GetRequiredService<OpenApiHandler>();
        var api = endpoints.MapGroup(RoutePrefix)
            .AllowAnonymous()
            .DisableAntiforgery()
            .ExcludeFromDescription();
        api.MapGet("/authService/authorize/{format}", context => handler.HandleAsync(context, OpenApiOperation.Authorize));
        api.MapGet("/userService/getUserInfo/{format}", context => handler.HandleAsync(context, OpenApiOperation.GetUserInfo));
        api.MapGet("/companyService/getCompanyInfo/{format}", context => handler.HandleAsync(context, OpenApiOperation.GetCompanyInfo));

        endpoints.MapGet(DescriptionPath, OpenApiDescription.Write).AllowAnonymous().ExcludeFromDescription();

        if (endpoints.ServiceProvider.GetRequiredService<IOptions<OpenApiOptions>>().Value.EnableBenchmarkBaseline)
        {
            endpoints.MapGet("/apis/bench/bare/{format}", OpenApiBenchmarkBaseline.WriteAsync).AllowAnonymous().ExcludeFromDescription();
        }

        return endpoints;
    }
}
