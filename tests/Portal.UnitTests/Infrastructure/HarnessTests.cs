namespace Portal.UnitTests.Infrastructure;

/// <summary>
/// A test class whose every test gets its own <see cref="ServiceHarness"/>, created before the test and disposed after.
/// A class adds its own arrange steps by overriding <see cref="InitializeAsync"/> and calling the base first.
/// </summary>
/// <param name="withSandbox">Also host the 易联云 sandbox (see <see cref="ServiceHarness.CreateAsync"/>).</param>
public abstract class HarnessTests(bool withSandbox = false) : IAsyncLifetime
{
    protected ServiceHarness Harness { get; private set; } = null!;

    /// <summary>The in-process 易联云 sandbox; only for classes created <c>withSandbox</c>.</summary>
    protected SandboxHost Sandbox => Harness.Sandbox!;

    public virtual async Task InitializeAsync() => Harness = await ServiceHarness.CreateAsync(withSandbox: withSandbox);

    public virtual async Task DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>
/// Over the sandbox, the starting point of the printer and printing tests: the company "Alpha Noodles", owned by
/// owner@a.test, with one printer connected through the consent page.
/// </summary>
public abstract class ConnectedPrinterTests() : HarnessTests(withSandbox: true)
{
    protected string OwnerId { get; private set; } = "";

    protected Guid TenantId { get; private set; }

    protected Guid PrinterId { get; private set; }

    protected string MachineCode { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (OwnerId, TenantId) = await Harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        (PrinterId, MachineCode) = await Harness.ConnectByConsentAsync(OwnerId);
    }
}
