namespace Portal.Features.Audit;

public static class AuditRegistration
{
    /// <summary>Reading the audit log (writing it is Infrastructure's <c>AuditLog</c>).</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditQueryService>();
        return services;
    }

    /// <summary>The CSV exports (<see cref="AuditExportEndpoints"/>).</summary>
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder endpoints)
    {
        AuditExportEndpoints.Map(endpoints);
        return endpoints;
    }
}
