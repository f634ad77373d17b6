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

        // One command for the user and their companies: every service operation starts here.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        MembershipQueries.UserMembershipRow? chosen = null;
        await foreach (var row in MembershipQueries.UserWithEnabledMemberships(db, userId).WithCancellation(cancellationToken))
        {
            // The company the user last chose, else the first by name.
            if (chosen is null || (row.TenantId == row.CurrentTenantId && chosen.TenantId != chosen.CurrentTenantId))
            {
                chosen = row;
            }
        }

        return chosen is null
            ? null
            : new Caller(
                chosen.UserId,
                string.IsNullOrWhiteSpace(chosen.TrueName) ? chosen.Email ?? chosen.UserId : chosen.TrueName,
                chosen.IsOperator,
                chosen.TenantId,
                chosen.TenantName,
                chosen.Role);
    }
}
