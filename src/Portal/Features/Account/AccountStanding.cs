namespace Portal.Features.Account;

/// <summary>What the account pages need to know about a person's companies before letting them in or out.</summary>
public sealed class AccountStanding(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>True when the account belongs only to companies an operator has disabled (operators are never shut out).</summary>
    public async Task<bool> OnlyDisabledCompaniesAsync(string email, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var normalized = email.Trim().ToUpperInvariant();
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized)
            .Select(u => new { u.Id, u.IsOperator }).SingleOrDefaultAsync(cancellationToken);
        if (user is null || user.IsOperator)
        {
            return false;
        }

        var memberships = await MembershipQueries.MembershipsOf(db, user.Id).ToListAsync(cancellationToken);
        return memberships.Count > 0 && memberships.All(m => m.TenantDisabled);
    }

    /// <summary>The companies that would have no owner left if this person deleted their account.</summary>
    public async Task<List<string>> CompaniesLeftWithoutOwnerAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await MembershipQueries.CompaniesLeftWithoutOwnerAsync(db, userId, cancellationToken);
    }
}
