namespace Portal.UnitTests.Infrastructure.Hosting;

/// <summary>Sign-in cookies over HTTPS, and the rules that end sessions.</summary>
public sealed class SessionTests
{
    [Fact]
    public async Task Over_https_cookies_are_host_prefixed_secure_httponly_and_lax()
    {
        using var portal = DeployedPortalFactory.Demo();
        using var visitor = portal.CreateVisitor();
        using var loginPage = await visitor.GetAsync("/Account/Login");

        using var login = await DeployedPortalFactory.LogInAsync(visitor, await portal.AddUserAsync());

        var antiforgery = Assert.Single(loginPage.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-portal.antiforgery=", StringComparison.Ordinal));
        var session = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-portal.application=", StringComparison.Ordinal));
        foreach (var cookie in new[] { antiforgery, session })
        {
            var attributes = cookie.ToLowerInvariant();
            Assert.Contains("; secure", attributes);
            Assert.Contains("; httponly", attributes);
            Assert.Contains("; path=/", attributes);
            Assert.DoesNotContain("domain=", attributes);
        }

        Assert.Contains("samesite=lax", session.ToLowerInvariant());
    }

    [Fact]
    public void Sessions_are_checked_against_the_security_stamp_every_minute()
    {
        using var portal = DeployedPortalFactory.Demo();

        Assert.True(portal.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval <= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Logging_out_ends_the_users_other_sessions()
    {
        using var portal = DeployedPortalFactory.Demo(services: CheckStampOnEveryRequest);
        var email = await portal.AddUserAsync();
        using var laptop = portal.CreateVisitor();
        using var phone = portal.CreateVisitor();
        await DeployedPortalFactory.LogInAsync(laptop, email);
        await DeployedPortalFactory.LogInAsync(phone, email);
        using (var before = await phone.GetAsync("/Account/Manage"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var logout = await laptop.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await DeployedPortalFactory.AntiforgeryTokenAsync(laptop, "/Account/Manage"),
            ["ReturnUrl"] = "",
        }));

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        using var after = await phone.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public Task A_password_change_ends_the_users_other_sessions() =>
        AssertAccountChangeEndsOtherSessionsAsync((users, user) => users.ChangePasswordAsync(user, DeployedPortalFactory.Password, "An0ther-lantern-orbit-8"));

    [Fact]
    public Task Turning_two_factor_sign_in_on_ends_the_users_other_sessions() =>
        AssertAccountChangeEndsOtherSessionsAsync((users, user) => users.SetTwoFactorEnabledAsync(user, true));

    [Fact]
    public async Task A_session_ends_after_its_absolute_lifetime_however_busy()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var portal = DeployedPortalFactory.Demo(services: s => s.AddSingleton<TimeProvider>(clock));
        using var visitor = portal.CreateVisitor();
        await DeployedPortalFactory.LogInAsync(visitor, await portal.AddUserAsync());

        // Busy all week: a request every four hours keeps the 12-hour idle timeout from ever running out.
        for (var hours = 4; hours <= 7 * 24; hours += 4)
        {
            clock.Advance(TimeSpan.FromHours(4));
            using var busy = await visitor.GetAsync("/Account/Manage");
            Assert.True(busy.StatusCode == HttpStatusCode.OK, $"signed out after {hours} h");
        }

        clock.Advance(TimeSpan.FromHours(4));
        using var late = await visitor.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, late.StatusCode);
        Assert.Contains("/Account/Login", late.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_circuits_connection_checks_the_stamp_in_a_scope_of_its_own_and_still_ends_a_changed_accounts_session()
    {
        // The connection of a circuit (/_blazor) is one request for the circuit's whole life: a database context its
        // services created would stay leased with it. The probe notes every scope that gets a PortalDbContext.
        var probe = new ContextProbe();
        using var portal = DeployedPortalFactory.Demo(services: services =>
        {
            CheckStampOnEveryRequest(services);
            services.AddSingleton<IStartupFilter>(probe);
            services.AddScoped(provider =>
            {
                probe.Leased(provider);
                return provider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
            });
        });
        var email = await portal.AddUserAsync();
        using var phone = portal.CreateVisitor();
        await DeployedPortalFactory.LogInAsync(phone, email);

        using (var connecting = await phone.PostAsync("/_blazor/negotiate?negotiateVersion=1", null))
        {
            Assert.Equal(HttpStatusCode.OK, connecting.StatusCode);
            Assert.True(probe.Checked, "the stamp was not checked");
            Assert.False(probe.RequestScopeLeased, "the connection's own scope holds a database context");
        }

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await users.ChangePasswordAsync((await users.FindByEmailAsync(email))!, DeployedPortalFactory.Password, "An0ther-lantern-orbit-8")).Succeeded);
        }

        // Refused on the circuit's path too: the session's cookie is deleted there.
        using var refused = await phone.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.Contains(refused.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-portal.application=;", StringComparison.Ordinal));
        using var after = await phone.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    /// <summary>Notes, for requests under /_blazor, whether the request's own services leased a database context.</summary>
    private sealed class ContextProbe : IStartupFilter
    {
        private readonly AsyncLocal<IServiceProvider?> _request = new();

        public bool Checked { get; private set; }

        public bool RequestScopeLeased { get; private set; }

        public void Leased(IServiceProvider provider)
        {
            if (_request.Value is { } request)
            {
                Checked = true;
                RequestScopeLeased |= ReferenceEquals(provider, request);
            }
        }

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, following) =>
            {
                if (context.Request.Path.StartsWithSegments("/_blazor"))
                {
                    _request.Value = context.RequestServices;
                }

                await following(context);
            });
            next(app);
        };
    }

    /// <summary>A session on another device is ended by <paramref name="change"/>, made to the account outside that session.</summary>
    private static async Task AssertAccountChangeEndsOtherSessionsAsync(Func<UserManager<PortalUser>, PortalUser, Task<IdentityResult>> change)
    {
        using var portal = DeployedPortalFactory.Demo(services: CheckStampOnEveryRequest);
        var email = await portal.AddUserAsync();
        using var phone = portal.CreateVisitor();
        await DeployedPortalFactory.LogInAsync(phone, email);

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True((await change(users, (await users.FindByEmailAsync(email))!)).Succeeded);
        }

        using var after = await phone.GetAsync("/Account/Manage");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    private static void CheckStampOnEveryRequest(IServiceCollection services) =>
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);
}
