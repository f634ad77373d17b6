namespace Portal.UnitTests.Features.Account;

/// <summary>Registration and password recovery as a browser posts them, on a fresh database each.</summary>
public sealed class RegistrationTests : IDisposable
{
    private const string Password = "Brisk-Lantern-83!";

    private readonly PortalAppFactory _portal = new();

    public void Dispose() => _portal.Dispose();

    [Fact]
    public async Task Concurrent_registrations_on_a_fresh_database_make_exactly_one_operator()
    {
        const int visitors = 12;
        var clients = Enumerable.Range(0, visitors).Select(_ => _portal.CreateBrowserlessClient()).ToList();

        var answers = await Task.WhenAll(clients.Select((client, i) => RegisterAsync(client, $"racer{i}@race.test")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        await using var db = await _portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        var users = await db.Users.Where(u => u.PasswordHash != null).Select(u => new { u.Email, u.IsOperator, u.FirstOperatorSeat }).ToListAsync();
        Assert.Equal(visitors, users.Count);
        var first = Assert.Single(users, u => u.IsOperator);
        Assert.True(first.FirstOperatorSeat);
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Registering_a_taken_address_looks_like_a_new_registration_and_mails_its_owner()
    {
        using var client = _portal.CreateBrowserlessClient();
        using var first = await RegisterAsync(client, "taken@register.test");
        using var again = await RegisterAsync(client, "TAKEN@register.test");
        using var fresh = await RegisterAsync(client, "fresh@register.test");

        Assert.Equal((HttpStatusCode.Redirect, "/Account/RegisterConfirmation?email=TAKEN%40register.test"), (again.StatusCode, PathOf(again)));
        Assert.Equal((HttpStatusCode.Redirect, "/Account/RegisterConfirmation?email=fresh%40register.test"), (fresh.StatusCode, PathOf(fresh)));
        var mail = await MailToAsync("taken@register.test");
        Assert.Equal(["Your 易联云 Portal account", "Confirm your email"], mail.Select(m => m.Subject));
        Assert.Contains("/Account/ForgotPassword", mail[0].HtmlBody, StringComparison.Ordinal);
        await using var scope = _portal.Services.CreateAsyncScope();
        Assert.Single(scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().Users, u => u.NormalizedEmail == "TAKEN@REGISTER.TEST");
    }

    [Fact]
    public async Task A_weak_password_is_refused_with_the_reason_in_the_visitors_language()
    {
        using var client = _portal.CreateBrowserlessClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");

        using var common = await RegisterAsync(client, "weak@register.test", "P@ssw0rd2024!");
        using var ownName = await RegisterAsync(client, "lantern@register.test", "My-Lantern-2024!");

        Assert.Equal(HttpStatusCode.OK, common.StatusCode);
        Assert.Contains("这个密码太常见了", await common.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("密码不能包含邮箱地址中 @ 前面的名称部分", await ownName.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await MailToAsync("weak@register.test"));
    }

    [Fact]
    public async Task Forgot_password_answers_alike_and_mails_once_whether_the_address_is_unknown_unconfirmed_or_confirmed()
    {
        using (var register = _portal.CreateBrowserlessClient())
        {
            (await RegisterAsync(register, "waiting@forgot.test")).Dispose();
            (await RegisterAsync(register, "ready@forgot.test")).Dispose();
        }

        await using (var scope = _portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var ready = (await users.FindByEmailAsync("ready@forgot.test"))!;
            Assert.True((await users.ConfirmEmailAsync(ready, await users.GenerateEmailConfirmationTokenAsync(ready))).Succeeded);
        }

        var outbox = _portal.Services.GetRequiredService<Outbox>();
        var before = (await outbox.ListAsync(100)).Count;
        var answers = new List<(HttpStatusCode, string?)>();
        foreach (var email in new[] { "nobody@forgot.test", "waiting@forgot.test", "ready@forgot.test" })
        {
            using var client = _portal.CreateBrowserlessClient();
            using var answer = await client.PostFormAsync("/Account/ForgotPassword", "forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
            answers.Add((answer.StatusCode, PathOf(answer)));
        }

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Redirect, "/Account/ForgotPasswordConfirmation"), a));
        var all = await outbox.ListAsync(100);
        var sent = all.Take(all.Count - before).ToList();
        Assert.Equal(3, sent.Count);
        Assert.Contains("/Account/Register", Assert.Single(sent, m => m.To.Contains("nobody@", StringComparison.Ordinal)).HtmlBody, StringComparison.Ordinal);
        Assert.Contains("/Account/ResetPassword", Assert.Single(sent, m => m.To.Contains("waiting@", StringComparison.Ordinal)).HtmlBody, StringComparison.Ordinal);
        Assert.Contains("/Account/ResetPassword", Assert.Single(sent, m => m.To.Contains("ready@", StringComparison.Ordinal)).HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nobody_can_flood_an_inbox_from_the_password_page_each_address_gets_at_most_five_mails_an_hour()
    {
        var answers = new List<(HttpStatusCode, string?)>();
        for (var i = 0; i < 8; i++)
        {
            using var client = _portal.CreateBrowserlessClient();
            using var answer = await client.PostFormAsync("/Account/ForgotPassword", "forgot-password",
                new Dictionary<string, string> { ["Input.Email"] = i % 2 == 0 ? "victim@flood.test" : "VICTIM@flood.test" });
            answers.Add((answer.StatusCode, PathOf(answer)));
        }

        using (var client = _portal.CreateBrowserlessClient())
        {
            (await RegisterAsync(client, "victim@flood.test")).Dispose();
            (await RegisterAsync(client, "bystander@flood.test")).Dispose();
        }

        // The visitor is told the same every time; the address got five mails, whatever the letters' case.
        Assert.All(answers, a => Assert.Equal((HttpStatusCode.Redirect, "/Account/ForgotPasswordConfirmation"), a));
        Assert.Equal(5, (await MailToAsync("victim@flood.test")).Count);
        Assert.Single(await MailToAsync("bystander@flood.test"));
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client, string email, string password = Password) =>
        client.PostFormAsync("/Account/Register", "register", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        });

    private static string PathOf(HttpResponseMessage redirect) => new Uri(new Uri("http://localhost"), redirect.Headers.Location!).PathAndQuery;

    /// <summary>Messages to <paramref name="email"/>, newest first.</summary>
    private async Task<List<Outbox.Entry>> MailToAsync(string email) =>
        (await _portal.Services.GetRequiredService<Outbox>().ListAsync(100))
        .Where(m => m.To.Equals(email, StringComparison.OrdinalIgnoreCase)).ToList();
}
