namespace Portal.UnitTests.Features.Printers;

/// <summary>
/// Printers two companies held before the one-company rule (marked, not deleted): the start-up check reports them,
/// and an operator keeps one company's connection.
/// </summary>
public sealed class HeldTwiceTests() : HarnessTests(withSandbox: true)
{
    [Fact]
    public async Task A_printer_held_twice_is_reported_by_the_check_and_an_operator_settles_it()
    {
        var (alpha, alphaTenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (_, betaTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (alphaPrinter, machineCode) = await Harness.ConnectByConsentAsync(alpha);
        var betaPrinter = Guid.CreateVersion7();
        // A row as the one-company migration marked them: Beta holds the same printer through the own app, connected
        // after Alpha's. (The migrations were squashed before any database was deployed, so only the marked row remains
        // to test; the marking itself is no longer a migration step.)
        Guid ownApp;
        await using (var platform = await Harness.DbFactory.CreateDbContextAsync())
        {
            ownApp = await platform.PrinterApps.Where(a => a.ClientId == SandboxHost.OwnApp.ClientId).Select(a => a.Id).SingleAsync();
        }

        await using (var beta = await Harness.DbFactory.CreateForTenantAsync(betaTenant))
        {
            var createdAt = Harness.Clock.GetUtcNow().AddMinutes(1);
            beta.Printers.Add(new Printer
            {
                Id = betaPrinter, TenantId = betaTenant, AppId = ownApp, MachineCode = machineCode, Name = "Beta bar",
                ConnectionKind = PrinterConnectionKind.TerminalKey, OnlineState = PrinterOnlineState.Unknown,
                TokenState = PrinterTokenState.Active, Version = Guid.NewGuid(), CreatedAt = createdAt, HeldTwiceSince = createdAt,
            });
            await beta.SaveChangesAsync();
        }

        var reported = await Harness.Get<HeldTwiceCheck>().RunAsync();
        Harness.SignIn(await Harness.AddUserAsync("ops@portal.test", isOperator: true));
        var holds = Harness.Get<OperatorPrinterHolds>();
        var listed = (await holds.ListHeldTwiceAsync()).Value!;

        Assert.Equal([machineCode], reported);
        Assert.Equal([(alphaPrinter, true), (betaPrinter, false)], listed.Select(r => (r.PrinterId, r.Holds)));
        Assert.Equal(PrinterTokenState.Active, (await Harness.LoadPrinterAsync(betaTenant, betaPrinter)).TokenState);

        var kept = await holds.KeepAsync(betaTenant, betaPrinter);

        Assert.True(kept.Succeeded, kept.Error);
        Assert.Equal(PrinterTokenState.Revoked, (await Harness.LoadPrinterAsync(alphaTenant, alphaPrinter)).TokenState);
        Assert.Empty(Harness.Sandbox!.Admin.FindPrinter(machineCode)!.AuthorizedClientIds);
        var betaRow = await Harness.LoadPrinterAsync(betaTenant, betaPrinter);
        Assert.Null(betaRow.HeldTwiceSince);
        Assert.Equal(PrinterTokenState.Active, betaRow.TokenState);
        Assert.Empty((await holds.ListHeldTwiceAsync()).Value!);
        Assert.Empty(await Harness.Get<HeldTwiceCheck>().RunAsync());
        await using (var db = await Harness.DbFactory.CreateCrossTenantAsync())
        {
            Assert.True(await db.AuditEntries.AnyAsync(e => e.TenantId == betaTenant && e.Action == "printer.hold-settled" && e.CrossTenant));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.TenantId == alphaTenant && e.Action == "printer.revoked" && e.CrossTenant));
        }
    }

    [Fact]
    public async Task A_marked_row_whose_other_holder_was_revoked_holds_the_printer_again_at_start_up()
    {
        var (alpha, alphaTenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (printerId, machineCode) = await Harness.ConnectByConsentAsync(alpha);
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(alphaTenant))
        {
            await db.Printers.Where(p => p.Id == printerId).ExecuteUpdateAsync(p => p.SetProperty(x => x.HeldTwiceSince, Harness.Clock.GetUtcNow()));
        }

        var reported = await new HeldTwiceCheck(Harness.DbFactory, NullLogger<HeldTwiceCheck>.Instance).RunAsync();

        Assert.Empty(reported);
        Assert.Null((await Harness.LoadPrinterAsync(alphaTenant, printerId)).HeldTwiceSince);
        Assert.NotEmpty(machineCode);
    }
}
