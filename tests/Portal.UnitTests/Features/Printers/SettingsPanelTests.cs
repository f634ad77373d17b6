namespace Portal.UnitTests.Features.Printers;

/// <summary>The settings panel says what the portal last set and starts its controls from it.</summary>
public sealed class SettingsPanelTests() : PrinterComponentContext(typeof(PrinterSettingsService), typeof(CallerAccessor))
{
    [Fact]
    public async Task Each_panel_says_what_was_last_set_and_the_sound_controls_start_from_it()
    {
        var settings = Harness.Get<PrinterSettingsService>();
        await settings.SetSoundAsync(Printer, SoundType.Buzzer, 3);
        await settings.SetKeyPrintAsync(Printer, true);
        Harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await settings.SetOrderButtonsAsync(Printer, false);
        Harness.Clock.Advance(TimeSpan.FromMinutes(5));
        var detail = (await Harness.Get<PrinterQueries>().GetAsync(Printer)).Value!;
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
