namespace Portal.OpenApi;

/// <summary>Wires the third-party open API (document 003) into the portal.</summary>
public static class OpenApiRegistration
{
    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapPortalOpenApi(this IEndpointRouteBuilder endpoints) => endpoints;
}
