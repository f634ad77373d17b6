namespace Portal.UnitTests.Features.Printers;

/// <summary>Each printer action leaves one audit entry in the company's log, written with the change itself.</summary>
public sealed class PrinterAuditTests() : AlphaCompanyTests
{
    [Fact]
    public async Task Connecting_renaming_and_refreshing_are_audited_with_who_did_it()
    {
        var (printerId, machineCode) = await Harness.ConnectByConsentAsync(OwnerId);
        Assert.True((await Harness.Get<PrinterMaintenance>().RenameAsync(printerId, "Kitchen")).Succeeded);
        Assert.True((await Harness.Get<PrinterMaintenance>().RefreshNowAsync(printerId)).Succeeded);
        var callback = await Harness.Sandbox!.ConsentAsync((await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync(printerId)).Value!, machineCode);
        Assert.True((await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], null)).Succeeded);

        var entries = await AuditAsync(TenantId);

        Assert.Equal(["tenant.created", "printer.connected", "printer.renamed", "printer.refreshed", "printer.reauthorized"], entries.Select(e => e.Action));
        Assert.All(entries.Skip(1), e =>
        {
            Assert.Equal(OwnerId, e.ActorUserId);
            Assert.True(e.Succeeded);
            Assert.False(e.CrossTenant);
        });
        Assert.Equal($"{machineCode} ({machineCode})", entries[1].Target);
        Assert.Contains("authorized on 易联云", entries[1].Detail);
        Assert.Equal($"Kitchen ({machineCode})", entries[2].Target);
        Assert.Equal($"{machineCode} → Kitchen", entries[2].Detail);
    }

    [Fact]
    public async Task A_terminal_key_connection_is_audited()
    {
        var printer = Harness.Sandbox!.CreatePrinter();

        var added = await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = printer.MachineCode, Msign = printer.Msign, Name = "Bar" });

        Assert.True(added.Succeeded, added.Error);
        var entry = (await AuditAsync(TenantId)).Last();
        Assert.Equal("printer.connected", entry.Action);
        Assert.Equal($"Bar ({printer.MachineCode})", entry.Target);
        Assert.Contains("terminal key", entry.Detail);
    }

    [Fact]
    public async Task The_refresher_audits_its_refreshes_and_failures_without_an_actor()
    {
        await Harness.ConnectByConsentAsync(OwnerId);
        await Harness.ConnectByConsentAsync(OwnerId);
        var refresher = Harness.Services.GetRequiredService<PrinterRefresher>();

        Harness.Clock.Advance(TimeSpan.FromDays(26));
        Harness.Sandbox!.Faults.Add(new SandboxFault { Path = "oauth/oauth", ForceError = 20, Times = 1 });
        await refresher.SweepOnceAsync();

        var swept = (await AuditAsync(TenantId)).Where(e => e.Action.StartsWith("printer.refresh", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, swept.Count);
        Assert.All(swept, e =>
        {
            Assert.Null(e.ActorUserId);
            Assert.False(e.CrossTenant);
        });
        var failed = Assert.Single(swept, e => e.Action == "printer.refresh-failed");
        Assert.False(failed.Succeeded);
        Assert.EndsWith("(20)", Portal.Infrastructure.Audit.AuditDetail.Describe(Portal.Infrastructure.Localization.PortalStringLocalizer.Shared, failed.Detail));
        Assert.True(Assert.Single(swept, e => e.Action == "printer.refreshed").Succeeded);
    }

    [Fact]
    public async Task A_refresh_after_an_expired_token_answer_is_audited_as_the_portals_own()
    {
        var (printerId, machineCode) = await Harness.ConnectByConsentAsync(OwnerId);
        Harness.Sandbox!.Faults.Add(new SandboxFault { Path = "printer/getprintstatus", ForceError = 18, Times = 1 });

        await Harness.Get<PrinterTokenKeeper>().CallAsync(TenantId, printerId, (client, token) => client.GetPrintStatusAsync(token, machineCode));

        var entry = (await AuditAsync(TenantId)).Last();
        Assert.Equal("printer.refreshed", entry.Action);
        Assert.Null(entry.ActorUserId);
        // The printer's timeline says the same: nobody asked for this refresh.
        var refreshed = (await Harness.EventsAsync(TenantId, printerId)).Last(e => e.Kind == Portal.Data.Entities.Printers.PrinterTokenEventKind.Refreshed);
        Assert.Null(refreshed.ActorName);
    }

    private Task<List<AuditEntry>> AuditAsync(Guid tenantId) =>
        Harness.DbFactory.ReadAsync(tenantId, db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync());
}
