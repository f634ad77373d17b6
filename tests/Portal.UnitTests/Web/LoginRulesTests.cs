namespace Portal.UnitTests.Web;

/// <summary>The login form as a browser posts it: antiforgery token and all.</summary>
public sealed partial class LoginRulesTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private const string Password = "Corr3ct-horse!";

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var email = await AddUserAsync(disabledCompany: false);
        using var client = factory.CreateBrowserlessClient();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await PostLoginAsync(client, email, "Wr0ng-password!");
            Assert.Contains("Wrong email or password.", await wrong.Content.ReadAsStringAsync());
        }

        // The fifth failure is the one that locks: Identity then answers "locked out", and the page sends the
        // visitor to the lockout page instead of saying "wrong password" again.
        using (var fifth = await PostLoginAsync(client, email, "Wr0ng-password!"))
        {
            Assert.DoesNotContain("Wrong email or password.", await fifth.Content.ReadAsStringAsync());
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = await users.FindByEmailAsync(email);
            Assert.True(await users.IsLockedOutAsync(user!));
            Assert.InRange(user!.LockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5));
        }

        using var right = await PostLoginAsync(client, email, Password);
        Assert.False(SetsSignInCookie(right));
    }

    [Fact]
    public async Task The_right_password_signs_in()
    {
        using var response = await LogInAsNewUserAsync(disabledCompany: false);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(SetsSignInCookie(response));
    }

    [Fact]
    public async Task A_member_of_only_a_disabled_company_is_told_why_and_not_signed_in()
    {
        using var response = await LogInAsNewUserAsync(disabledCompany: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your company has been disabled by the platform operator.", await response.Content.ReadAsStringAsync());
        Assert.False(SetsSignInCookie(response));
    }

    private static bool SetsSignInCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));

    /// <summary>A new person, in a disabled company or not, logs in with the right password from a fresh browser.</summary>
    private async Task<HttpResponseMessage> LogInAsNewUserAsync(bool disabledCompany)
    {
        var email = await AddUserAsync(disabledCompany);
        using var client = factory.CreateBrowserlessClient();
        return await PostLoginAsync(client, email, Password);
    }

    private async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the login page carries an antiforgery token");
        return await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }));
    }

    private async Task<string> AddUserAsync(bool disabledCompany)
    {
        var email = $"user-{Guid.NewGuid():N}@login.test";
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));

        var tenantId = Guid.NewGuid();
        var dbFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await dbFactory.CreateForTenantAsync(tenantId);
        var name = $"Shop {tenantId:N}";
        db.Tenants.Add(new Tenant { Id = tenantId, CompanyName = name, NormalizedName = Tenant.Normalize(name), IsDisabled = disabledCompany });
        db.Memberships.Add(new Membership { UserId = user.Id, Role = TenantRole.Owner });
        await db.SaveChangesAsync();
        return email;
    }
}
