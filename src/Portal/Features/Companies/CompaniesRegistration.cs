namespace Portal.Features.Companies;

public static class CompaniesRegistration
{
    /// <summary>The company (tenant), its members and invitations, and the operators' tenant pages.</summary>
    public static IServiceCollection AddCompanies(this IServiceCollection services)
    {
        services.AddScoped<TenantService>();
        services.AddScoped<MemberService>();
        services.AddScoped<InvitationService>();
        services.AddScoped<OperatorTenantService>();
        return services;
    }
}
