namespace Portal.UnitTests.Features.Printers;

/// <summary>Steps the printer tests share: a company with an owner (usually Alpha), and a printer connected through the consent page.</summary>
internal static class PrinterTestKit
{
    public static async Task<(string UserId, Guid TenantId)> AddCompanyAsync(this ServiceHarness harness, string email, string name)
    {
        var user = await harness.AddUserAsync(email, trueName: name + " owner");
        var tenant = await harness.AddTenantAsync(user, name);
        return (user, tenant);
    }

    /// <summary>The company most printer tests start from: "Alpha Noodles", owned by owner@a.test (signed in afterwards).</summary>
    public static Task<(string UserId, Guid TenantId)> AddAlphaAsync(this ServiceHarness harness) =>
        harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");

    /// <summary>The <see cref="AddAlphaAsync">Alpha company</see> with one printer connected through the consent page.</summary>
    public static Task<(string UserId, Guid TenantId, Guid PrinterId, string MachineCode)> AddAlphaPrinterAsync(this ServiceHarness harness) =>
        harness.AddCompanyWithPrinterAsync("owner@a.test", "Alpha Noodles");

    /// <summary>A company with an owner and one printer connected through the consent page.</summary>
    public static async Task<(string UserId, Guid TenantId, Guid PrinterId, string MachineCode)> AddCompanyWithPrinterAsync(this ServiceHarness harness, string email, string name)
    {
        var (owner, tenant) = await harness.AddCompanyAsync(email, name);
        var (printerId, machineCode) = await harness.ConnectByConsentAsync(owner);
        return (owner, tenant, printerId, machineCode);
    }

    public static async Task AddMemberAsync(this ServiceHarness harness, Guid tenantId, string userId, Portal.Data.Entities.TenantRole role)
    {
        await using var db = await harness.DbFactory.CreateForTenantAsync(tenantId);
        db.Memberships.Add(new Portal.Data.Entities.Membership { TenantId = tenantId, UserId = userId, Role = role, JoinedAt = harness.Clock.GetUtcNow() });
        await db.SaveChangesAsync();
    }

    /// <summary>Signs <paramref name="userId"/> in, runs the authorize flow for a new sandbox printer, and returns the printer's id.</summary>
    public static async Task<(Guid PrinterId, string MachineCode)> ConnectByConsentAsync(this ServiceHarness harness, string userId)
    {
        harness.SignIn(userId);
        var (machineCode, _) = harness.Sandbox!.CreatePrinter();
        var begun = await harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync();
        Assert.True(begun.Succeeded, begun.Error);
        var callback = await harness.Sandbox.ConsentAsync(begun.Value!, machineCode);
        var completed = await harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], callback["error"]);
        Assert.True(completed.Succeeded, completed.Error);
        return (completed.Value, machineCode);
    }

    public static Task<Printer> LoadPrinterAsync(this ServiceHarness harness, Guid tenantId, Guid printerId) =>
        harness.DbFactory.ReadAsync(tenantId, db => db.Printers.AsNoTracking().SingleAsync(p => p.Id == printerId));

    public static Task<List<PrinterTokenEvent>> EventsAsync(this ServiceHarness harness, Guid tenantId, Guid printerId) =>
        harness.DbFactory.ReadAsync(tenantId, db => db.PrinterTokenEvents.AsNoTracking().Where(e => e.PrinterId == printerId).OrderBy(e => e.Id).ToListAsync());
}
