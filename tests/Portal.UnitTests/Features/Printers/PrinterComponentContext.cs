namespace Portal.UnitTests.Features.Printers;

/// <summary>
/// A bUnit context for the printer page's parts, on real services: MudBlazor and the portal's localization, and a
/// company whose owner is signed in with one printer connected through the sandbox's consent page.
/// </summary>
public abstract class PrinterComponentContext : PortalComponentContext
{
    private readonly Type[] _harnessServices;
    protected ServiceHarness Harness { get; private set; } = default!;

    protected Guid Tenant { get; private set; }

    protected Guid Printer { get; private set; }

    protected string MachineCode { get; private set; } = "";

    protected SandboxHost Sandbox => Harness.Sandbox!;

    /// <param name="harnessServices">The harness's services the component under test injects, put into bUnit's container.</param>
    protected PrinterComponentContext(params Type[] harnessServices)
    {
        _harnessServices = harnessServices;
    }

    public override async Task InitializeAsync()
    {
        Harness = await ServiceHarness.CreateAsync(withSandbox: true);
        var (owner, tenant) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        Tenant = tenant;
        (Printer, MachineCode) = await Harness.ConnectByConsentAsync(owner);
        foreach (var type in _harnessServices)
        {
            Services.AddSingleton(type, Harness.Get(type));
        }

        AddServices(Harness);
    }

    /// <summary>Puts anything else the component under test injects into bUnit's container.</summary>
    protected virtual void AddServices(ServiceHarness harness)
    {
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Harness.DisposeAsync();
    }
}
