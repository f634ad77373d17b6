using System.Diagnostics;
using Portal.Features.Callbacks;
using Portal.Features.Companies;
using Portal.Features.Printing;
using Portal.UnitTests.Features.Callbacks;

namespace Portal.UnitTests.Infrastructure.Instances;

/// <summary>
/// Two portal hosts on one PostgreSQL database (<see cref="TwoPortals"/>): what one instance issues or records, the
/// other accepts and sees, and what must happen once happens once however the work is split between them.
/// </summary>
public sealed class TwoInstanceTests
{
    private const string WrongPassword = "Wr0ng-password!";

    [PostgresFact]
    public async Task Instances_started_together_share_one_encrypted_key_ring_and_accept_each_others_forms_and_cookies()
    {
        await using var portals = await TwoPortals.StartAsync();
        foreach (var instance in new[] { portals.A, portals.B })
        {
            using var probe = instance.CreateVisitor();
            using var ready = await probe.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        await using (var db = await portals.A.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            // Both synced the configured apps at the same moment: one row each, not two.
            Assert.Equal(2, await db.PrinterApps.CountAsync(a => a.FromConfiguration));
            var keys = await db.DataProtectionKeys.AsNoTracking().ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, key =>
            {
                Assert.Contains("<encryptedSecret", key.Xml);
                Assert.DoesNotContain("<masterKey", key.Xml);
            });
        }

        var email = await portals.A.AddUserAsync();
        using var onA = portals.Browser(portals.A);
        using var onB = portals.Browser(portals.B);

        // The login form (and its antiforgery cookie) comes from A; the post goes to B, which signs the person in.
        var token = await DeployedPortalFactory.AntiforgeryTokenAsync(onA, "/Account/Login");
        using var login = await onB.PostAsync("/Account/Login", LoginForm(token, email, DeployedPortalFactory.Password));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("/Account/Login", login.Headers.Location!.OriginalString);

        // B's sign-in cookie opens A's pages.
        using var home = await onA.GetAsync("/");
        Assert.True(home.StatusCode == HttpStatusCode.OK || !home.Headers.Location!.OriginalString.Contains("/Account/Login"),
            $"A sent B's signed-in visitor to {home.Headers.Location}");
        using var stranger = portals.A.CreateVisitor();
        using var refused = await stranger.GetAsync("/");
        Assert.Contains("/Account/Login", refused.Headers.Location!.OriginalString);
    }

    [PostgresFact]
    public async Task Wrong_passwords_tried_on_both_instances_add_up_to_one_lockout()
    {
        await using var portals = await TwoPortals.StartAsync();
        var email = await portals.A.AddUserAsync();
        using var onA = portals.Browser(portals.A);
        using var onB = portals.Browser(portals.B);

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var instance = attempt % 2 == 0 ? onA : onB;
            using var wrong = await instance.PostAsync("/Account/Login",
                LoginForm(await DeployedPortalFactory.AntiforgeryTokenAsync(instance, "/Account/Login"), email, WrongPassword));
            Assert.False(SignsIn(wrong));
        }

        using var right = await onB.PostAsync("/Account/Login",
            LoginForm(await DeployedPortalFactory.AntiforgeryTokenAsync(onB, "/Account/Login"), email, DeployedPortalFactory.Password));
        Assert.False(SignsIn(right), "the right password signed in although five wrong ones were tried across the instances");
        await using var scope = portals.B.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
    }

    [PostgresFact]
    public async Task Registrations_racing_on_both_instances_make_exactly_one_operator()
    {
        await using var portals = await TwoPortals.StartAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var visitor = (i % 2 == 0 ? portals.A : portals.B).CreateVisitor();
            using var answer = await visitor.PostFormAsync("/Account/Register", "register", new Dictionary<string, string>
            {
                ["Input.Email"] = $"racer{i}@two.test",
                ["Input.Password"] = DeployedPortalFactory.Password,
                ["Input.ConfirmPassword"] = DeployedPortalFactory.Password,
            });
            return answer.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.Redirect, status));
        await using var db = await portals.B.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(6, await db.Users.CountAsync(u => u.Email!.EndsWith("@two.test")));
        Assert.Equal(1, await db.Users.CountAsync(u => u.IsOperator));
    }

    [PostgresFact]
    public async Task A_push_received_by_one_instance_reaches_a_page_open_on_the_other_within_two_seconds()
    {
        await using var portals = await TwoPortals.StartAsync("Development");
        var (userId, tenantId) = await AddCompanyAsync(portals.A, "owner@live.test");
        var printer = portals.A.Services.GetRequiredService<SandboxAdmin>().CreatePrinter(new SandboxPrinterOptions(), "Live merchant")!;
        var printerId = await portals.A.ConnectBySandboxConsentAsync(userId, printer.MachineCode, "Live merchant");

        // What a printer page on B does: hear of a change, read the printer again.
        var readOnB = new TaskCompletionSource<PrinterOnlineState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dbOnB = portals.B.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        using var page = portals.B.Services.GetRequiredService<LiveChanges>().Subscribe(tenantId, async change =>
        {
            if (change.PrinterId == printerId)
            {
                var state = await dbOnB.ReadAsync(tenantId, db => db.Printers.Where(p => p.Id == printerId).Select(p => p.OnlineState).SingleAsync());
                if (state == PrinterOnlineState.OutOfPaper)
                {
                    readOnB.TrySetResult(state);
                }
            }
        });

        var app = portals.A.Services.GetRequiredService<YilianyunSetup>().Apps[0];
        using var platform = portals.A.CreateClient();
        using var pushed = await platform.PostAsync($"/push/yilianyun/{app.ClientId}/status",
            new StringContent(PushTestKit.StatusBody(app, printer.MachineCode, 2, DateTimeOffset.UtcNow), Encoding.UTF8, "application/x-www-form-urlencoded"));
        var acknowledged = Stopwatch.StartNew();

        Assert.Equal(HttpStatusCode.OK, pushed.StatusCode);
        Assert.Equal(PrinterOnlineState.OutOfPaper, await readOnB.Task.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.InRange(acknowledged.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [PostgresFact]
    public async Task Both_instances_sweeping_at_once_refresh_every_due_token_exactly_once_and_keep_the_daily_budget()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var portals = await TwoPortals.StartAsync("Development", new Dictionary<string, string?>
        {
            // The sweeps below are the test's; the hosts' own timers would only add more of the same.
            ["Yilianyun:Refresher:Enabled"] = "false",
            ["Yilianyun:Refresher:AutomaticDailyBudget"] = "1",
        }, services => services.AddSingleton<TimeProvider>(clock));
        var (userId, tenantId) = await AddCompanyAsync(portals.A, "owner@sweep.test");
        var sandbox = portals.A.Services.GetRequiredService<SandboxAdmin>();
        var printers = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var printer = sandbox.CreatePrinter(new SandboxPrinterOptions(), "Sweep merchant")!;
            printers.Add(await portals.A.ConnectBySandboxConsentAsync(userId, printer.MachineCode, "Sweep merchant"));
        }

        clock.Advance(TimeSpan.FromDays(26));
        var journal = portals.A.Services.GetRequiredService<SandboxJournal>();
        journal.Clear();

        var results = await SweepOnBothAsync(portals);

        Assert.Equal(printers.Count, journal.Entries.Count(e => e.Path.EndsWith("oauth/oauth", StringComparison.Ordinal) && e.GrantType == "refresh_token"));
        Assert.Equal(printers.Count, results.Sum(r => r.Outcomes.GetValueOrDefault(RefreshOutcome.Refreshed)));
        var dbFactory = portals.B.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var stored = await dbFactory.ReadAsync(tenantId, db => db.Printers.AsNoTracking().ToListAsync());
        Assert.All(stored, p => Assert.Equal(1, p.RefreshesToday));
        var refreshed = await dbFactory.ReadAsync(tenantId, db => db.PrinterTokenEvents.AsNoTracking()
            .Where(e => e.Kind == PrinterTokenEventKind.Refreshed).Select(e => e.PrinterId).ToListAsync());
        Assert.Equal(printers.Order(), refreshed.Order());

        // Due again the same day (budget 1): neither instance refreshes any of them a second time.
        await dbFactory.ReadAsync(tenantId, db => db.Printers.ExecuteUpdateAsync(p => p.SetProperty(x => x.NextRefreshAt, clock.GetUtcNow())));
        journal.Clear();
        var again = await SweepOnBothAsync(portals);

        Assert.DoesNotContain(journal.Entries, e => e.GrantType == "refresh_token");
        Assert.Equal(0, again.Sum(r => r.Outcomes.GetValueOrDefault(RefreshOutcome.Refreshed)));
        Assert.All(await dbFactory.ReadAsync(tenantId, db => db.Printers.AsNoTracking().ToListAsync()), p => Assert.Equal(1, p.RefreshesToday));
    }

    [PostgresFact]
    public async Task One_submission_sent_to_both_instances_at_once_prints_once()
    {
        await using var portals = await TwoPortals.StartAsync("Development");
        var (userId, tenantId) = await AddCompanyAsync(portals.A, "owner@origin.test");
        var printer = portals.A.Services.GetRequiredService<SandboxAdmin>().CreatePrinter(new SandboxPrinterOptions(), "Origin merchant")!;
        var printerId = await portals.A.ConnectBySandboxConsentAsync(userId, printer.MachineCode, "Origin merchant");
        var journal = portals.A.Services.GetRequiredService<SandboxJournal>();
        journal.Clear();
        var request = new PrintRequest([printerId], PrintJobKind.Text, "<center>Table 7</center>") { SubmissionKey = "form-state-7" };

        var submissions = await Task.WhenAll(new[] { portals.A, portals.B }.Select(instance =>
            instance.AsUserAsync(userId, services => services.GetRequiredService<PrintJobSubmitter>().SubmitAsync(request))));

        Assert.All(submissions, s => Assert.True(s.Succeeded, s.Error));
        var jobIds = submissions.Select(s => Assert.Single(s.Value!.Items).JobId).Distinct().ToList();
        var jobId = Assert.Single(jobIds);
        var jobs = await portals.B.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>()
            .ReadAsync(tenantId, db => db.PrintJobs.AsNoTracking().ToListAsync());
        Assert.Equal(jobId, Assert.Single(jobs).Id);
        Assert.Single(journal.Entries, e => e.Path == "print/index" && e.OriginId == jobs[0].OriginId);
    }

    private static async Task<SweepResult[]> SweepOnBothAsync(TwoPortals portals)
    {
        var a = portals.A.Services.GetRequiredService<PrinterRefresher>();
        var b = portals.B.Services.GetRequiredService<PrinterRefresher>();
        return await Task.WhenAll(Task.Run(() => a.SweepOnceAsync()), Task.Run(() => b.SweepOnceAsync()),
            Task.Run(() => a.SweepOnceAsync()), Task.Run(() => b.SweepOnceAsync()));
    }

    private static async Task<(string UserId, Guid TenantId)> AddCompanyAsync(DeployedPortalFactory instance, string email)
    {
        var userId = await instance.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>()
            .AddUserAsync(email, email, DateTimeOffset.UtcNow, configure: user => user.EmailConfirmed = true);
        var tenantId = await instance.AsUserAsync(userId, async services =>
        {
            var created = await services.GetRequiredService<TenantService>().CreateAsync(new TenantProfileInput { CompanyName = "Two instances " + email });
            Assert.True(created.Succeeded, created.Error);
            return created.Value;
        });
        return (userId, tenantId);
    }

    private static bool SignsIn(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
        && cookies.Any(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal) && !c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));

    private static FormUrlEncodedContent LoginForm(string token, string email, string password) => new(new Dictionary<string, string>
    {
        ["_handler"] = "login",
        ["__RequestVerificationToken"] = token,
        ["Input.Email"] = email,
        ["Input.Password"] = password,
    });
}
