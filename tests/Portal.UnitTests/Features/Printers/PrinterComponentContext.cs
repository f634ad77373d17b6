namespace Portal.UnitTests.Features.Printers;

/// <summary>
/// A bUnit context for the printer page's parts, on real services: MudBlazor and the portal's localization, and a
/// company whose owner is signed in with one printer connected through the sandbox's consent page.
/// </summary>
public abstract class PrinterComponentContext : BunitContext, IAsyncLifetime
{
    protected ServiceHarness Harness { get; private set; } = default!;

    protected Guid Tenant { get; private set; }

    protected Guid Printer { get; private set; }

    protected string MachineCode { get; private set; } = "";

    protected SandboxHost Sandbox => Harness.Sandbox!;

    protected PrinterComponentContext()
    {
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public async Task InitializeAsync()
    {
        Harness = await ServiceHarness.CreateAsync(withSandbox: true);
        var (owner, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        Tenant = tenant;
        (Printer, MachineCode) = await Harness.ConnectByConsentAsync(owner);
        AddServices(Harness);
    }

    /// <summary>Puts the harness's services the component under test injects into bUnit's container.</summary>
    protected abstract void AddServices(ServiceHarness harness);

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Harness.DisposeAsync();
    }
}
