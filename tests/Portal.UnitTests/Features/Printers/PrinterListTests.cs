namespace Portal.UnitTests.Features.Printers;

/// <summary>
/// The printer list (/printers) on real services: twelve printers of Alpha whose names run the opposite way to their
/// terminal numbers, so each sort gives its own order; the list's sort buttons, pager and filters.
/// SQLite only for now: on PostgreSQL the list's first load, which runs truly asynchronously there, never shows in
/// these synchronous bUnit waits (the loading row stays); the page itself is exercised on PostgreSQL in a real browser
/// by PostgresPrintStoryFlowTests.
/// </summary>
[Trait("Database", "Sqlite")]
public sealed class PrinterListTests : PortalComponentContext
{
    private const int Count = 12;
    private ServiceHarness _harness = default!;

    /// <summary>The printers' names, by terminal number ascending ("Printer 12" has the lowest terminal number).</summary>
    private List<string> _namesByMachineCode = [];

    public override async Task InitializeAsync()
    {
        _harness = await ServiceHarness.CreateAsync(withSandbox: true);
        var (owner, tenant) = await _harness.AddAlphaAsync();
        var codes = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            codes.Add((await _harness.ConnectByConsentAsync(owner)).MachineCode);
        }

        codes.Sort(StringComparer.Ordinal);
        _namesByMachineCode = [.. codes.Select((_, k) => $"Printer {Count - k:D2}")];
        await using (var db = await _harness.DbFactory.CreateForTenantAsync(tenant))
        {
            foreach (var printer in await db.Printers.ToListAsync())
            {
                printer.Name = _namesByMachineCode[codes.IndexOf(printer.MachineCode)];
                printer.OnlineState = printer.Name == "Printer 05" ? PrinterOnlineState.Offline : PrinterOnlineState.Online;
            }

            await db.SaveChangesAsync();
        }

        Services.AddSingleton(_harness.Get<PrinterQueries>());
        Services.AddSingleton(_harness.Get<PrinterRevocation>());
        Services.AddSingleton(_harness.Get<CallerAccessor>());
        Services.AddSingleton<TimeProvider>(_harness.Clock);
        Services.AddTransient<MudLocalizer, Portal.Infrastructure.Localization.PortalMudLocalizer>();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _harness.DisposeAsync();
    }

    private IRenderedComponent<PrinterList> RenderList()
    {
        Render<MudPopoverProvider>();
        var list = Render<PrinterList>();
        list.WaitForAssertion(() => Assert.NotEmpty(list.FindAll("[data-testid=printer-link]")));
        return list;
    }

    private static List<string> Names(IRenderedComponent<PrinterList> list) =>
        [.. list.FindAll("[data-testid=printer-link]").Select(a => a.TextContent)];

    private static string? AriaSort(IRenderedComponent<PrinterList> list, string column) =>
        list.Find($"[data-testid=printers-sort-{column}]").ParentElement!.GetAttribute("aria-sort");

    private static List<string> Ordered(IEnumerable<string> names, bool descending) =>
        descending ? [.. names.OrderByDescending(n => n, StringComparer.Ordinal)] : [.. names.OrderBy(n => n, StringComparer.Ordinal)];

    [Fact]
    public void The_list_opens_sorted_by_name_and_says_so_on_that_header_only()
    {
        var list = RenderList();

        Assert.Equal(Ordered(_namesByMachineCode, descending: false), Names(list));
        Assert.Equal("ascending", AriaSort(list, "Name"));
        Assert.Null(AriaSort(list, "MachineCode"));
        Assert.Null(AriaSort(list, "AccessExpiresAt"));
        Assert.Equal("button", list.Find("[data-testid=printers-sort-MachineCode]").TagName.ToLowerInvariant());
    }

    [Fact]
    public void A_header_sorts_by_its_column_and_a_second_click_turns_the_order()
    {
        var list = RenderList();

        list.Find("[data-testid=printers-sort-MachineCode]").Click();
        list.WaitForAssertion(() => Assert.Equal(_namesByMachineCode, Names(list)));
        Assert.Equal("ascending", AriaSort(list, "MachineCode"));
        Assert.Null(AriaSort(list, "Name"));

        list.Find("[data-testid=printers-sort-MachineCode]").Click();
        list.WaitForAssertion(() => Assert.Equal(Enumerable.Reverse(_namesByMachineCode), Names(list)));
        Assert.Equal("descending", AriaSort(list, "MachineCode"));

        list.Find("[data-testid=printers-sort-Name]").Click();
        list.WaitForAssertion(() => Assert.Equal(Ordered(_namesByMachineCode, descending: false), Names(list)));
        Assert.Equal("ascending", AriaSort(list, "Name"));
    }

    [Fact]
    public void The_pager_pages_through_the_server_query()
    {
        var list = RenderList();
        Assert.Equal(Count, Names(list).Count);
        Assert.Equal("1-12 of 12", list.Find("[data-testid=printers-page-info]").TextContent);

        list.Find("#printers-page-size").Change("10");
        list.WaitForAssertion(() => Assert.Equal("1-10 of 12", list.Find("[data-testid=printers-page-info]").TextContent));
        Assert.Equal(Ordered(_namesByMachineCode, descending: false).Take(10), Names(list));
        Assert.True(list.Find("[aria-label='First page']").HasAttribute("disabled"));
        Assert.True(list.Find("[aria-label='Previous page']").HasAttribute("disabled"));

        list.Find("[aria-label='Next page']").Click();
        list.WaitForAssertion(() => Assert.Equal("11-12 of 12", list.Find("[data-testid=printers-page-info]").TextContent));
        Assert.Equal(Ordered(_namesByMachineCode, descending: false).Skip(10), Names(list));
        Assert.True(list.Find("[aria-label='Next page']").HasAttribute("disabled"));
        Assert.True(list.Find("[aria-label='Last page']").HasAttribute("disabled"));

        list.Find("[aria-label='First page']").Click();
        list.WaitForAssertion(() => Assert.Equal("1-10 of 12", list.Find("[data-testid=printers-page-info]").TextContent));
    }

    [Fact]
    public void The_status_filter_and_the_search_narrow_the_list_and_say_when_nothing_matches()
    {
        var list = RenderList();

        list.Find("[data-testid=printers-online-filter]").Change(nameof(PrinterOnlineState.Offline));
        list.WaitForAssertion(() => Assert.Equal(["Printer 05"], Names(list)));

        list.Find("[data-testid=printers-online-filter]").Change("");
        list.WaitForAssertion(() => Assert.Equal(Count, Names(list).Count));

        // The search waits for typing to pause (on the page's clock).
        list.Find("[data-testid=printers-search]").Input("Printer 1");
        Assert.Equal(Count, Names(list).Count);
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(300));
        list.WaitForAssertion(() => Assert.Equal(["Printer 10", "Printer 11", "Printer 12"], Names(list)));

        list.Find("[data-testid=printers-search]").Input("no such printer");
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(300));
        list.WaitForAssertion(() => Assert.Contains("No printer matches these filters.", list.Find("[data-testid=printers-empty]").TextContent));
        Assert.Empty(Names(list));
    }

    [Fact]
    public void Each_printable_row_links_to_its_page_and_to_printing_on_it()
    {
        var list = RenderList();

        var links = list.FindAll("[data-testid=printer-link]");
        Assert.All(links, a => Assert.StartsWith("printers/", a.GetAttribute("href")));
        Assert.Equal(Count, list.FindAll("[data-testid=printer-print]").Count);
        Assert.Equal(Count, list.FindAll("[data-testid=printer-countdown]").Count);
        Assert.Empty(list.FindAll("[data-testid=printers-loading]"));
    }
}
