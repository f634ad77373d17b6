namespace Portal.UnitTests.Features.Printers;

/// <summary>The printer page's "connected" banner follows the printer's real state, not the address it was opened at.</summary>
public sealed class ConnectedBannerTests() : PrinterComponentContext(
    typeof(PrinterQueries), typeof(PrinterMaintenance), typeof(PrintDiagnosis), typeof(PrinterSettingsService), typeof(PrinterRevocation), typeof(CallerAccessor))
{
    [Fact]
    public async Task The_banner_shows_once_and_never_for_a_revoked_printer()
    {
        Render<MudPopoverProvider>();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"printers/{Printer}?connected=1");

        var cut = Render<PrinterDetails>(p => p.Add(c => c.PrinterId, Printer));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=printer-connected]")));
        // The address loses its flag, so a reload or a bookmark does not claim it again.
        Assert.DoesNotContain("connected=", navigation.Uri);
        Assert.NotNull(cut.Find("[data-testid=printer-connected]"));

        await Harness.Get<PrinterRevocation>().RevokeAsync(Printer);
        navigation.NavigateTo($"printers/{Printer}?connected=1");
        var reopened = Render<PrinterDetails>(p => p.Add(c => c.PrinterId, Printer));

        reopened.WaitForAssertion(() => Assert.NotNull(reopened.Find("[data-testid=printer-name]")));
        Assert.Empty(reopened.FindAll("[data-testid=printer-connected]"));
    }
}
