using Portal.Features.Companies;
using Portal.Features.PrintApi;

namespace Portal.UnitTests.Features.PrintApi;

/// <summary>
/// A portal with two companies, A (an owner and a member) and B (an owner), each with a printer connected through the
/// sandbox, and an operator; the rate limit is set by the test class (<see cref="RequestsPerWindow"/>).
/// </summary>
public class PrintApiWorld : IAsyncLifetime
{
    private readonly PortalAppFactory _factory = new();

    protected virtual int RequestsPerWindow => 10_000;

    public WebApplicationFactory<Program> Portal { get; private set; } = null!;

    /// <summary>The host's data folder (its SQLite database among the files).</summary>
    public string DataFolder => _factory.DataFolder;

    public string OwnerA { get; private set; } = "";

    public string MemberA { get; private set; } = "";

    public string OwnerB { get; private set; } = "";

    public string Operator { get; private set; } = "";

    public Guid CompanyA { get; private set; }

    public Guid CompanyB { get; private set; }

    public Guid PrinterA { get; private set; }

    public Guid PrinterB { get; private set; }

    public async Task InitializeAsync()
    {
        Portal = _factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("PrintApi:RequestsPerWindow", RequestsPerWindow.ToString(CultureInfo.InvariantCulture));
            builder.ConfigureTestServices(services =>
                services.AddHttpClient(YilianyunServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Portal.Server.CreateHandler()));
        });
        Portal.CreateClient().Dispose();

        var users = Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        OwnerA = await users.AddUserAsync("owner-a", "owner-a@print-api.test", DateTimeOffset.UtcNow, trueName: "Owner A");
        MemberA = await users.AddUserAsync("member-a", "member-a@print-api.test", DateTimeOffset.UtcNow, trueName: "Member A");
        OwnerB = await users.AddUserAsync("owner-b", "owner-b@print-api.test", DateTimeOffset.UtcNow, trueName: "Owner B");
        Operator = await users.AddUserAsync("operator", "operator@print-api.test", DateTimeOffset.UtcNow, isOperator: true, trueName: "Operator");

        CompanyA = await CreateCompanyAsync(OwnerA, "Print API Noodles");
        CompanyB = await CreateCompanyAsync(OwnerB, "Print API Dumplings");
        await using (var db = await users.CreateForTenantAsync(CompanyA))
        {
            db.Memberships.Add(new Membership { UserId = MemberA, Role = TenantRole.Member, JoinedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        await using (var db = await users.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == MemberA).ExecuteUpdateAsync(u => u.SetProperty(x => x.CurrentTenantId, CompanyA));
        }

        PrinterA = await ConnectAsync(OwnerA, "Noodles front desk");
        PrinterB = await ConnectAsync(OwnerB, "Dumplings kitchen");
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await _factory.DisposeAsync();
    }

    /// <summary>A new company key made by <paramref name="ownerId"/>, as issued.</summary>
    public Task<IssuedPrintApiKey> CompanyKeyAsync(string ownerId, PrintApiScopes scopes = PrintApiScopes.PrintersRead | PrintApiScopes.JobsRead | PrintApiScopes.JobsWrite,
        DateTimeOffset? expiresAt = null) =>
        Portal.AsUserAsync(ownerId, async services =>
        {
            var created = await services.GetRequiredService<PrintApiKeyService>().CreateCompanyKeyAsync("integration " + Guid.NewGuid().ToString("N")[..6], scopes, expiresAt);
            Assert.True(created.Succeeded, created.Error);
            return created.Value!;
        });

    public Task<IssuedPrintApiKey> OperatorKeyAsync() =>
        Portal.AsUserAsync(Operator, async services =>
        {
            var created = await services.GetRequiredService<PrintApiKeyService>().CreateOperatorKeyAsync("operator tool",
                PrintApiScopes.PrintersRead | PrintApiScopes.JobsRead | PrintApiScopes.JobsWrite, null);
            Assert.True(created.Succeeded, created.Error);
            return created.Value!;
        });

    /// <summary>A client that sends <paramref name="key"/> as its bearer token (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = Portal.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    private Task<Guid> CreateCompanyAsync(string ownerId, string name) =>
        Portal.AsUserAsync(ownerId, async services =>
            (await services.GetRequiredService<TenantService>().CreateAsync(new TenantProfileInput { CompanyName = name })).Value);

    private Task<Guid> ConnectAsync(string ownerId, string name)
    {
        var machineCode = Portal.Services.GetRequiredService<SandboxAdmin>().CreatePrinter(new SandboxPrinterOptions(), name)!.MachineCode;
        return Portal.ConnectBySandboxConsentAsync(ownerId, machineCode, name);
    }
}
