using Portal.Features.Dashboard;

namespace Portal.UnitTests.Features.Dashboard;

/// <summary>The prints-per-day chart: a friendly note without data, bars with it.</summary>
public sealed class PrintsChartTests : PortalComponentContext
{
    private static List<DailyPrints> Days(Func<int, (int Printed, int Failed)> counts) =>
        Enumerable.Range(0, 30).Select(i => new DailyPrints(new DateOnly(2026, 10, 25).AddDays(i), counts(i).Printed, counts(i).Failed)).ToList();

    [Fact]
    public void Without_finished_jobs_it_says_so_instead_of_drawing_empty_bars()
    {
        var cut = Render<PrintsChart>(p => p.Add(c => c.Days, Days(_ => (0, 0))));

        Assert.Contains("No receipts printed in the last 30 days yet", cut.Find("[data-testid=prints-chart-empty]").TextContent);
        Assert.Empty(cut.FindAll(".mud-chart"));
    }

    [Fact]
    public void With_jobs_it_draws_printed_and_failed_bars_with_day_labels()
    {
        var cut = Render<PrintsChart>(p => p.Add(c => c.Days, Days(i => (i, i % 3 == 0 ? 1 : 0))));

        Assert.Empty(cut.FindAll("[data-testid=prints-chart-empty]"));
        Assert.NotEmpty(cut.FindAll(".mud-chart svg rect, .mud-chart svg path"));
        Assert.Contains("Printed", cut.Markup);
        Assert.Contains("Failed", cut.Markup);
        Assert.Contains("11/23", cut.Markup);
    }
}
