namespace Portal.UnitTests.Features.Printers;

/// <summary>The revoke dialog names the printer, and after confirming shows the platform's proof.</summary>
public sealed class RevokeDialogTests() : PrinterComponentContext(typeof(PrinterRevocation), typeof(OperatorPrinterService))
{
    private async Task<IRenderedComponent<MudDialogProvider>> OpenDialogAsync()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<RevokeDialog>(null, new DialogParameters<RevokeDialog>
        {
            { d => d.PrinterId, Printer },
            { d => d.PrinterName, "Kitchen printer" },
            { d => d.MachineCode, MachineCode },
        }));
        return provider;
    }

    [Fact]
    public async Task The_dialog_names_the_printer_and_revokes_only_after_confirmation()
    {
        var provider = await OpenDialogAsync();

        Assert.Contains("Revoke access to Kitchen printer?", provider.Markup);
        var named = provider.Find("[data-testid=revoke-dialog-printer]").TextContent;
        Assert.Contains("Kitchen printer", named);
        Assert.Contains(MachineCode, named);
        Assert.Equal(PrinterTokenState.Active, (await Harness.LoadPrinterAsync(Tenant, Printer)).TokenState);

        await provider.Find("[data-testid=revoke-dialog-confirm]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("Verified: the platform now refuses the old token.",
            provider.Find("[data-testid=revoke-dialog-result]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Equal(PrinterTokenState.Revoked, (await Harness.LoadPrinterAsync(Tenant, Printer)).TokenState);
    }

    [Fact]
    public async Task Cancelling_changes_nothing()
    {
        var provider = await OpenDialogAsync();

        await provider.Find("[data-testid=revoke-dialog-cancel]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=revoke-dialog-printer]")));
        Assert.Equal(PrinterTokenState.Active, (await Harness.LoadPrinterAsync(Tenant, Printer)).TokenState);
    }
}
