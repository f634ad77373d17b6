using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using MudBlazor.Services;
using Portal.Components.Pages.Printers;
using Portal.Data.Entities.Printers;
using Portal.Localization;
using Portal.Services.Printers;
using Portal.UnitTests.Infrastructure;

namespace Portal.UnitTests.Printers;

/// <summary>The revoke dialog names the printer, and after confirming shows the platform's proof.</summary>
public sealed class RevokeDialogTests : BunitContext, IAsyncLifetime
{
    private ServiceHarness _harness = default!;
    private Guid _tenant;
    private Guid _printer;
    private string _machineCode = "";

    public RevokeDialogTests()
    {
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public async Task InitializeAsync()
    {
        _harness = await ServiceHarness.CreateAsync(withSandbox: true);
        var (owner, tenant) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        _tenant = tenant;
        (_printer, _machineCode) = await _harness.ConnectByConsentAsync(owner);
        Services.AddSingleton(_harness.Get<PrinterRevocation>());
        Services.AddSingleton(_harness.Get<OperatorPrinterService>());
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task The_dialog_names_the_printer_and_revokes_only_after_confirmation()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<RevokeDialog>(null, new DialogParameters<RevokeDialog>
        {
            { d => d.PrinterId, _printer },
            { d => d.PrinterName, "Kitchen printer" },
            { d => d.MachineCode, _machineCode },
        }));

        Assert.Contains("Revoke access to Kitchen printer?", provider.Markup);
        var named = provider.Find("[data-testid=revoke-dialog-printer]").TextContent;
        Assert.Contains("Kitchen printer", named);
        Assert.Contains(_machineCode, named);
        Assert.Equal(PrinterTokenState.Active, (await _harness.LoadPrinterAsync(_tenant, _printer)).TokenState);

        await provider.Find("[data-testid=revoke-dialog-confirm]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Verified: the platform now refuses the old token.",
            provider.Find("[data-testid=revoke-dialog-result]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(PrinterTokenState.Revoked, (await _harness.LoadPrinterAsync(_tenant, _printer)).TokenState);
    }

    [Fact]
    public async Task Cancelling_changes_nothing()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<RevokeDialog>(null, new DialogParameters<RevokeDialog>
        {
            { d => d.PrinterId, _printer },
            { d => d.PrinterName, "Kitchen printer" },
            { d => d.MachineCode, _machineCode },
        }));

        await provider.Find("[data-testid=revoke-dialog-cancel]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=revoke-dialog-printer]")));
        Assert.Equal(PrinterTokenState.Active, (await _harness.LoadPrinterAsync(_tenant, _printer)).TokenState);
    }
}
