using Portal.Features.Printing;
using Portal.UnitTests.Features.Callbacks;

namespace Portal.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// Logs written while the portal acts for a company carry its id in their scope: a member's operation (CallerGate),
/// a refresh the background refresher sends, a push applied to a company's printer, an open-API call.
/// </summary>
public sealed class CompanyLogScopeTests : IAsyncLifetime
{
    private readonly ScopedLogCapture _logs = new();
    private ServiceHarness _harness = null!;
    private string _ownerId = "";
    private Guid _tenantId;
    private Guid _printerId;
    private string _machineCode = "";

    public async Task InitializeAsync()
    {
        _harness = await ServiceHarness.CreateAsync(services => services.AddLogging(logging => logging.AddProvider(_logs)), withSandbox: true);
        (_ownerId, _tenantId) = await _harness.AddAlphaAsync();
        (_printerId, _machineCode) = await _harness.ConnectByConsentAsync(_ownerId);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_members_operation_logs_with_the_company_and_never_the_persons_email()
    {
        var before = _logs.Entries.Count;

        var submitted = await _harness.Get<PrintJobSubmitter>().SubmitAsync(new PrintRequest([_printerId], PrintJobKind.Text, "Order 8"));

        Assert.True(submitted.Succeeded, submitted.Error);
        var written = _logs.Entries.Skip(before).ToList();
        // EF Core logs each command it runs (the printer's read among them) and the client's HttpClient each request (the
        // print/index call): both are written inside the operation.
        var read = Assert.Single(written, e => e.Category == DbCommands && e.Message.Contains("FROM \"Printers\"", StringComparison.Ordinal));
        Assert.Equal([_tenantId.ToString()], read.ScopeValues(CompanyLogScope.Key));
        var print = Assert.Single(written, e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal)
                                               && e.Message.StartsWith("Sending HTTP request", StringComparison.Ordinal) && e.Message.Contains("print/index", StringComparison.Ordinal));
        Assert.Equal([_tenantId.ToString()], print.ScopeValues(CompanyLogScope.Key));
        Assert.DoesNotContain(written, e => e.Text.Contains("owner@a.test", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_refresh_the_background_refresher_sends_logs_with_the_printers_company()
    {
        var (betaOwner, betaTenant) = await _harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        await _harness.ConnectByConsentAsync(betaOwner);
        _harness.SignOut();
        _harness.Clock.Advance(TimeSpan.FromDays(26));
        var before = _logs.Entries.Count;

        var sweep = await _harness.Services.GetRequiredService<PrinterRefresher>().SweepOnceAsync();

        Assert.Equal(2, sweep.Outcomes[RefreshOutcome.Refreshed]);
        // The client's HttpClient logs each request: one refresh per company, each in its own company's scope.
        var requests = _logs.Entries.Skip(before)
            .Where(e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) && e.Message.StartsWith("Sending HTTP request", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal(new[] { _tenantId, betaTenant }.Select(t => t.ToString()).Order(), requests.Select(r => Assert.Single(r.ScopeValues(CompanyLogScope.Key))).Order());
    }

    [Fact]
    public async Task A_push_applied_to_a_printer_logs_with_the_printers_company()
    {
        _harness.SignOut();
        var before = _logs.Entries.Count;

        var receipt = await _harness.ReceiveAsync(SandboxHost.OpenApp.ClientId, "oauth_printStatus",
            PushTestKit.StatusBody(SandboxHost.OpenApp, _machineCode, 0, _harness.Clock.GetUtcNow()));

        Assert.Equal(PushOutcome.Applied, receipt.Outcome);
        var update = Assert.Single(_logs.Entries.Skip(before), e => e.Category == DbCommands && e.Message.Contains("UPDATE \"Printers\"", StringComparison.Ordinal));
        Assert.Equal([_tenantId.ToString()], update.ScopeValues(CompanyLogScope.Key));
    }

    private const string DbCommands = "Microsoft.EntityFrameworkCore.Database.Command";
}
