namespace Portal.Infrastructure.Tenancy;

/// <summary>
/// The signed-in person as the services see them, re-read from the database on each call so a removed member or a
/// disabled company loses access at once. <see cref="TenantId"/> is null until the user has an enabled company.
/// </summary>
public sealed record Caller(
    string UserId,
    string DisplayName,
    bool IsOperator,
    Guid? TenantId,
    string? TenantName,
    TenantRole? Role)
{
    public bool HasTenant => TenantId is not null;

    /// <summary>True when the caller holds at least <paramref name="role"/> in their current tenant.</summary>
    public bool Holds(TenantRole role) => Role is { } held && held >= role;
}
