namespace Portal.Infrastructure.Tenancy;

/// <summary>Resolves the current <see cref="Caller"/> from the authentication state (circuit or request).</summary>
public sealed class CallerAccessor(
    AuthenticationStateProvider authenticationStateProvider,
    IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>The caller, or null when nobody is signed in or the account no longer exists.</summary>
    public async Task<Caller?> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await authenticationStateProvider.GetAuthenticationStateAsync();
        // A print API key was checked against the database by its authentication handler on this very request.
        if (ApiKeyCaller.From(state.User) is { } program)
        {
            return program;
        }

        var userId = state.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.Email, u.TrueName, u.IsOperator, u.CurrentTenantId })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var memberships = await MembershipQueries.EnabledMembershipsOf(db, userId).ToListAsync(cancellationToken);
        var current = memberships.FirstOrDefault(m => m.TenantId == user.CurrentTenantId) ?? memberships.FirstOrDefault();
        return new Caller(
            user.Id,
            string.IsNullOrWhiteSpace(user.TrueName) ? user.Email ?? user.Id : user.TrueName,
            user.IsOperator,
            current?.TenantId,
            current?.TenantName,
            current?.Role);
    }
}
