namespace Portal.UnitTests.Features.Printers;

/// <summary>The diagnosis panel runs on a click and shows the cause and each check.</summary>
public sealed class DiagnosisPanelTests() : PrinterComponentContext(typeof(PrintDiagnosis))
{
    [Fact]
    public async Task An_offline_printer_is_shown_as_the_cause_with_the_failing_check()
    {
        Sandbox.Admin.SetPrinterState(MachineCode, SandboxPrinterState.Offline);
        var cut = Render<DiagnosisPanel>(p => p.Add(c => c.PrinterId, Printer));
        Assert.Empty(cut.FindAll("[data-testid=diagnosis-summary]"));

        await cut.Find("[data-testid=diagnosis-run]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Offline", cut.Find("[data-testid=diagnosis-summary]").GetAttribute("data-cause")), TimeSpan.FromSeconds(10));
        Assert.Contains("is offline", cut.Find("[data-testid=diagnosis-summary]").TextContent);
        var device = cut.Find("[data-testid=diagnosis-check][data-kind=Device]");
        Assert.Equal("Fail", device.GetAttribute("data-level"));
        Assert.Contains("Printer", device.TextContent);
        Assert.Equal(4, cut.FindAll("[data-testid=diagnosis-check]").Count);
    }
}
