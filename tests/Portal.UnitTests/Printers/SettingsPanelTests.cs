using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor;
using MudBlazor.Services;
using Portal.Components.Pages.Printers;
using Portal.Localization;
using Portal.Services;
using Portal.Services.Printers;
using Portal.UnitTests.Infrastructure;
using Yilianyun;

namespace Portal.UnitTests.Printers;

/// <summary>The settings panel says what the portal last set and starts its controls from it.</summary>
public sealed class SettingsPanelTests : BunitContext, IAsyncLifetime
{
    private ServiceHarness _harness = default!;
    private Guid _printer;

    public SettingsPanelTests()
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
        (_printer, _) = await _harness.ConnectByConsentAsync(owner);
        Services.AddSingleton(_harness.Get<PrinterSettingsService>());
        Services.AddSingleton(_harness.Get<CallerAccessor>());
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Each_panel_says_what_was_last_set_and_the_sound_controls_start_from_it()
    {
        var settings = _harness.Get<PrinterSettingsService>();
        await settings.SetSoundAsync(_printer, SoundType.Buzzer, 3);
        await settings.SetKeyPrintAsync(_printer, true);
        _harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await settings.SetOrderButtonsAsync(_printer, false);
        _harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var detail = (await _harness.Get<PrinterService>().GetAsync(_printer)).Value!;
        Render<MudPopoverProvider>();

        var cut = Render<PrinterSettingsPanel>(p => p.Add(c => c.Printer, detail));

        cut.WaitForAssertion(() => Assert.Contains("Last set: sound: buzzer, volume 3", cut.Find("[data-testid=settings-sound] [data-testid=settings-last-set]").TextContent));
        Assert.Contains("by Alpha Noodles owner", cut.Find("[data-testid=settings-sound] [data-testid=settings-last-set]").TextContent);
        // Both key settings, the newest first.
        Assert.Contains("accept/reject-order buttons off · key print on", cut.Find("[data-testid=settings-keys] [data-testid=settings-last-set]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=settings-logo] [data-testid=settings-last-set]"));
        await cut.Find("[data-testid=settings-sound] .mud-expand-panel-header").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal("3", cut.Find("[data-testid=settings-volume]").TextContent.Trim()));
        Assert.Equal("Buzzer", cut.Find("[data-testid=settings-sound-type]").TextContent.Trim());

        // A change made in the panel shows at once.
        await cut.Find("[data-testid=settings-keys] .mud-expand-panel-header").ClickAsync(new());
        await cut.Find("[data-testid=settings-keyprint-off]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Last set: key print off · accept/reject-order buttons off", cut.Find("[data-testid=settings-keys] [data-testid=settings-last-set]").TextContent));
    }
}
