using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.UnitTests.Features.Printers;

/// <summary>
/// Printers two companies held before the one-company rule: the migration keeps every row and connection, the
/// start-up check reports them, and an operator keeps one company's connection.
/// </summary>
public sealed class HeldTwiceTests() : HarnessTests(withSandbox: true)
{
    private const string MigrationBefore = "20261204174245_PrinterSettingValues";

    [Fact]
    public async Task The_migration_keeps_a_printer_held_twice_the_check_reports_it_and_an_operator_settles_it()
    {
        var (alpha, alphaTenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (_, betaTenant) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var (alphaPrinter, machineCode) = await Harness.ConnectByConsentAsync(alpha);
        var betaPrinter = Guid.CreateVersion7();
        // The database as it was before the rule: Beta holds the same printer through the own app.
        await using (var db = await Harness.DbFactory.CreateDbContextAsync())
        {
            await db.GetService<IMigrator>().MigrateAsync(MigrationBefore);
            // Connected after Alpha's, stored the way the SQLite model stores times.
            var createdAt = (long)new DateTimeOffsetToBinaryConverter().ConvertToProvider(Harness.Clock.GetUtcNow().AddMinutes(1))!;
            var ownApp = await db.PrinterApps.Where(a => a.ClientId == SandboxHost.OwnApp.ClientId).Select(a => a.Id).SingleAsync();
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "Printers" ("Id", "TenantId", "AppId", "MachineCode", "Name", "ConnectionKind", "OnlineState", "TokenState", "RefreshDay",
                                        "RefreshesToday", "Version", "CreatedAt")
                VALUES ({betaPrinter}, {betaTenant}, {ownApp}, {machineCode}, 'Beta bar', 1, -1, 0, 0, 0, {Guid.NewGuid()}, {createdAt})
                """);
            await db.Database.MigrateAsync();
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
