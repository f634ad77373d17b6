namespace Portal.UnitTests.Infrastructure.Tenancy;

/// <summary>
/// Crossing tenants is allowed in few, named places. A new call site must be added here on purpose, with its own
/// test that it cannot leak, rather than slip in unnoticed.
/// </summary>
public sealed partial class CrossTenantCallSiteTests
{
    private static readonly Dictionary<string, string> Allowed = new(StringComparer.Ordinal)
    {
        ["src/Portal/Features/Companies/OperatorTenantService.cs"] = "operators only, audited",
        ["src/Portal/Infrastructure/Tenancy/MembershipQueries.cs"] = "a user's own memberships",
        ["src/Portal/Features/Companies/InvitationService.cs"] = "an invite link is looked up by its token hash",
        ["src/Portal.Data/Tenancy/TenantScope.cs"] = "defines the cross-tenant context",
        ["src/Portal.Data/PortalDbContext.cs"] = "defines the tenant filter",
        ["src/Portal/Features/Printers/PrinterRefresher.cs"] = "the system refresher claims due printers across tenants and stores each outcome on the row it claimed",
        ["src/Portal/Features/Printers/PrinterGrantHandover.cs"] = "a second company's grant rotated the printer's tokens: the new pair is written to the holding row, nothing is read back",
        ["src/Portal/Features/Dashboard/DashboardQueries.cs"] = "operators only, read-only print and token counts across tenants for their dashboard",
        ["src/Portal/Features/Printers/PrinterHolds.cs"] = "one printer, one company: whether another company holds a terminal number (never which), and the refused attempt recorded in the holder's own timeline and audit log",
        ["src/Portal/Features/Printers/OperatorPrinterHolds.cs"] = "operators only: printers held twice, keeping one company's connection and moving a printer between companies (audited as cross-tenant)",
        ["src/Portal/Features/Printers/PrinterWithApp.cs"] = "not cross-tenant: the compiled read names the context's own company in place of the filter, so its SQL is written once",
        ["src/Portal/Features/Printers/HeldTwiceCheck.cs"] = "the start-up check reports printers held by more than one company (terminal numbers only)",
        ["src/Portal/Features/Printers/OperatorPrinterService.cs"] = "operators only: token health across tenants, revoking another company's printers, and emailing companies to re-authorize (both audited as cross-tenant)",
        ["src/Portal/Features/Printing/PrintJobTracker.cs"] = "a push or poll names the app and order id, not the company: the job is found by those keys, then changed in its own company",
        ["src/Portal/Features/Printing/PlatformOrderIds.cs"] = "order ids are the app's, shared by its companies: whether one is taken, yes or no, never by whom",
        ["src/Portal/Features/Printing/PrintStatusPoller.cs"] = "the system poller finds overdue jobs across companies (ids only) and handles each in its own company",
        ["src/Portal/Features/OpenApi/OpenApiStore.cs"] = "a provider's token and auth code are looked up by hash before the tenant is known",
        ["src/Portal/Features/Callbacks/PushApplier.cs"] = "a push names an app and a machine code, not a tenant: the printer is found by (app, machine code), then changed in its own tenant",
        ["src/Portal/Features/Callbacks/PushRegistrationService.cs"] = "the system sweep finds printers missing push URL registration (ids only); each registers in its own tenant",
        ["src/Portal/Features/Callbacks/CallbackInboxService.cs"] = "operators only: the inbox names each push's company and printer; replay is audited in the push's tenant",
        ["src/Portal/Features/Audit/AuditQueryService.cs"] = "operators only, read-only: every company's audit entries; a company reads only its own",
        ["src/Portal/Features/Webhooks/WebhookDispatcher.cs"] = "the system dispatcher finds due deliveries across companies (ids only), then claims, sends and records each in its own company",
        ["src/Portal/Infrastructure/Telemetry/TokenStateCounts.cs"] = "the portal.tokens gauge: read-only counts of tokens per state across companies, no ids or names",
    };

    [GeneratedRegex(@"IgnoreQueryFilters\(|CreateCrossTenantAsync\(|FromSqlRaw\(|ExecuteSqlRaw\(|SqlQueryRaw\(")]
    private static partial Regex CrossTenantCall();

    [Fact]
    public void Cross_tenant_queries_appear_only_in_allowlisted_files()
    {
        var root = RepositoryRoot();
        var offenders = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("src/Yilianyun", StringComparison.Ordinal))
            .Where(f => CrossTenantCall().IsMatch(File.ReadAllText(Path.Combine(root, f))))
            .Where(f => !Allowed.ContainsKey(f))
            .ToList();

        Assert.Empty(offenders);
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test output.");
    }
}
