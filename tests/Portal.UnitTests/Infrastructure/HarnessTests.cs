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
/// Over the sandbox, the company every printer test starts from: "Alpha Noodles", owned by owner@a.test, who is
/// signed in when the test begins. Tests that need a second company add it themselves.
/// </summary>
public abstract class AlphaCompanyTests() : HarnessTests(withSandbox: true)
{
    protected string OwnerId { get; private set; } = "";

    protected Guid TenantId { get; private set; }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (OwnerId, TenantId) = await Harness.AddAlphaAsync();
    }
}

/// <summary>
/// The starting point of the printer and printing tests: the <see cref="AlphaCompanyTests">Alpha company</see>
/// with one printer connected through the consent page.
/// </summary>
public abstract class ConnectedPrinterTests : AlphaCompanyTests
{
    protected Guid PrinterId { get; private set; }

    protected string MachineCode { get; private set; } = "";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        (PrinterId, MachineCode) = await Harness.ConnectByConsentAsync(OwnerId);
    }
}
