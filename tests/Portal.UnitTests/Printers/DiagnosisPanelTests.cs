using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor.Services;
using Portal.Components.Pages.Printers;
using Portal.Localization;
using Portal.Services.Printers;
using Portal.UnitTests.Infrastructure;
using Yilianyun.Sandbox;

namespace Portal.UnitTests.Printers;

/// <summary>The diagnosis panel runs on a click and shows the cause and each check.</summary>
public sealed class DiagnosisPanelTests : BunitContext, IAsyncLifetime
{
    private ServiceHarness _harness = default!;
    private Guid _printer;
    private string _machineCode = "";

    public DiagnosisPanelTests()
    {
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public async Task InitializeAsync()
    {
        _harness = await ServiceHarness.CreateAsync(withSandbox: true);
        var (owner, _) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        (_printer, _machineCode) = await _harness.ConnectByConsentAsync(owner);
        Services.AddSingleton(_harness.Get<PrintDiagnosis>());
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task An_offline_printer_is_shown_as_the_cause_with_the_failing_check()
    {
        Sandbox.Admin.SetPrinterState(_machineCode, SandboxPrinterState.Offline);
        var cut = Render<DiagnosisPanel>(p => p.Add(c => c.PrinterId, _printer));
        Assert.Empty(cut.FindAll("[data-testid=diagnosis-summary]"));

        await cut.Find("[data-testid=diagnosis-run]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Offline", cut.Find("[data-testid=diagnosis-summary]").GetAttribute("data-cause")), TimeSpan.FromSeconds(10));
        Assert.Contains("is offline", cut.Find("[data-testid=diagnosis-summary]").TextContent);
        var device = cut.Find("[data-testid=diagnosis-check][data-kind=Device]");
        Assert.Equal("Fail", device.GetAttribute("data-level"));
        Assert.Contains("Printer", device.TextContent);
        Assert.Equal(4, cut.FindAll("[data-testid=diagnosis-check]").Count);
    }

    private SandboxHost Sandbox => _harness.Sandbox!;
}
