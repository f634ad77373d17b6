namespace Portal.UnitTests.Infrastructure;

/// <summary>People written straight to the database, as the test hosts need them.</summary>
public static class TestUsers
{
    /// <summary>Adds a person signed up as <paramref name="userName"/> with <paramref name="email"/>; <paramref name="configure"/> sets anything else. Returns the id.</summary>
    public static async Task<string> AddUserAsync(this IDbContextFactory<PortalDbContext> factory, string userName, string email, DateTimeOffset createdAt,
        bool isOperator = false, string? trueName = null, Action<PortalUser>? configure = null)
    {
        var user = new PortalUser
        {
            UserName = userName,
            NormalizedUserName = userName.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            IsOperator = isOperator,
            TrueName = trueName,
            CreatedAt = createdAt,
            SecurityStamp = Guid.NewGuid().ToString(),
        };
        configure?.Invoke(user);
        await using var db = await factory.CreateDbContextAsync();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user.Id;
    }
}
