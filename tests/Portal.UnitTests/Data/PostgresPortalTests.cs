using Portal.Features.Printing;

namespace Portal.UnitTests.Data;

/// <summary>
/// An empty PostgreSQL database for one test class, created before its first test and dropped after its last. Not
/// migrated: the portal (or the test) migrates it.
/// </summary>
public sealed class EmptyPostgresDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (PostgresServer.IsAvailable)
        {
            ConnectionString = await PostgresServer.CreateEmptyDatabaseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length > 0)
        {
            await PostgresServer.DropDatabaseAsync(ConnectionString);
        }
    }
}

/// <summary>
/// The portal on PostgreSQL: the whole app started by configuration alone on an empty database (it migrates it and
/// reports it ready), and the print path (connect a printer through the sandbox, print, resubmit) over the services.
/// </summary>
public sealed class PostgresPortalTests(EmptyPostgresDatabase database) : IClassFixture<EmptyPostgresDatabase>
{
    [PostgresFact]
    public async Task The_portal_migrates_an_empty_database_reports_it_ready_and_signs_people_in()
    {
        using var portal = new DeployedPortalFactory(new Dictionary<string, string?>
        {
            ["Portal:PublicUrl"] = "https://portal.example",
            ["Portal:Demo"] = "true",
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Portal"] = database.ConnectionString,
            // Production on PostgreSQL keeps the key ring in the database, encrypted with this certificate.
            ["Portal:KeyCertificatePath"] = KeyCertificates.WriteTo(Path.Combine(Path.GetTempPath(), "portal-tests"), "pg-keys"),
            ["Portal:KeyCertificatePassword"] = "pg-keys",
        });
        using var probe = portal.CreateVisitor();

        using var ready = await probe.GetAsync("/health/ready");

        var body = await ready.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var json = JsonDocument.Parse(body);
        var check = Assert.Single(json.RootElement.GetProperty("checks").EnumerateArray());
        Assert.Equal("database", check.GetProperty("name").GetString());
        Assert.Equal("Healthy", check.GetProperty("status").GetString());
        var password = new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString).Password;
        Assert.DoesNotContain("Host=", body);
        if (!string.IsNullOrEmpty(password))
        {
            Assert.DoesNotContain(password, body);
        }

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            Assert.True(db.Database.IsNpgsql());
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        }

        // Identity's stores on PostgreSQL: a person is created and signs in through the real form.
        var email = await portal.AddUserAsync();
        using var visitor = portal.CreateVisitor();
        using var login = await DeployedPortalFactory.LogInAsync(visitor, email.ToUpperInvariant());
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.DoesNotContain("Login", login.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task A_printer_connected_through_the_sandbox_prints_once_per_submission_key()
    {
        await using var harness = await ServiceHarness.CreateOnAsync(DatabaseProvider.Postgres, withSandbox: true);
        var (owner, tenant) = await harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (printerId, machineCode) = await harness.ConnectByConsentAsync(owner);
        var jobs = harness.Get<PrintJobSubmitter>();
        var request = new PrintRequest([printerId], PrintJobKind.Text, "牛肉面 x2    ¥36.00") { SubmissionKey = "order-1" };

        var first = await jobs.SubmitAsync(request);
        var again = await harness.Get<PrintJobSubmitter>().SubmitAsync(request);

        Assert.True(first.Succeeded, first.Error);
        var item = Assert.Single(first.Value!.Items);
        Assert.Equal(PrintJobState.Sent, item.State);
        Assert.Equal(item.JobId, Assert.Single(again.Value!.Items).JobId);
        var upstream = Assert.Single(harness.Sandbox!.Admin.Jobs(machineCode));
        var job = await harness.LoadJobAsync(tenant, item.JobId!.Value);
        Assert.Equal(upstream.Id, job.PlatformOrderId);
        Assert.Equal(TimeSpan.Zero, job.CreatedAt.Offset);
        Assert.Equal(harness.Clock.GetUtcNow(), job.CreatedAt);
        Assert.Equal([PrintJobEventKind.Created, PrintJobEventKind.Sent], (await harness.JobEventsAsync(tenant, job.Id)).Select(e => e.Kind));
        var printer = await harness.LoadPrinterAsync(tenant, printerId);
        Assert.Equal(PrinterTokenState.Active, printer.TokenState);
    }
}
