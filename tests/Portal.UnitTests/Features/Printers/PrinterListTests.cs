namespace Portal.UnitTests.Features.Printers;

/// <summary>
/// The printer list (/printers) on real services: twelve printers of Alpha whose names run the opposite way to their
/// terminal numbers, so each sort gives its own order; the list's sort buttons, pager and filters.
/// </summary>
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

    /// <summary>
    /// Renders the list and waits for its first page, which loads after the first render (and on PostgreSQL only after
    /// a round trip). The tests then await each event's handler, which ends once its reload has rendered, rather than
    /// waiting for a render: on PostgreSQL a handler first renders the loading row with the new page or sort but the
    /// old rows, and a synchronous event can still be queued on the renderer when the test goes on.
    /// </summary>
    private async Task<IRenderedComponent<PrinterList>> RenderListAsync()
    {
        Render<MudPopoverProvider>();
        var list = Render<PrinterList>();
        await list.WaitForAssertionAsync(() => Assert.NotEmpty(list.FindAll("[data-testid=printer-link]")));
        return list;
    }

    private static List<string> Names(IRenderedComponent<PrinterList> list) =>
        [.. list.FindAll("[data-testid=printer-link]").Select(a => a.TextContent)];

    private static string? AriaSort(IRenderedComponent<PrinterList> list, string column) =>
        list.Find($"[data-testid=printers-sort-{column}]").ParentElement!.GetAttribute("aria-sort");

    private static List<string> Ordered(IEnumerable<string> names, bool descending) =>
        descending ? [.. names.OrderByDescending(n => n, StringComparer.Ordinal)] : [.. names.OrderBy(n => n, StringComparer.Ordinal)];

    [Fact]
    public async Task The_list_opens_sorted_by_name_and_says_so_on_that_header_only()
    {
        var list = await RenderListAsync();

        Assert.Equal(Ordered(_namesByMachineCode, descending: false), Names(list));
        Assert.Equal("ascending", AriaSort(list, "Name"));
        Assert.Null(AriaSort(list, "MachineCode"));
        Assert.Null(AriaSort(list, "AccessExpiresAt"));
        Assert.Equal("button", list.Find("[data-testid=printers-sort-MachineCode]").TagName.ToLowerInvariant());
    }

    [Fact]
    public async Task A_header_sorts_by_its_column_and_a_second_click_turns_the_order()
    {
        var list = await RenderListAsync();

        await list.Find("[data-testid=printers-sort-MachineCode]").ClickAsync(new());
        Assert.Equal(_namesByMachineCode, Names(list));
        Assert.Equal("ascending", AriaSort(list, "MachineCode"));
        Assert.Null(AriaSort(list, "Name"));

        await list.Find("[data-testid=printers-sort-MachineCode]").ClickAsync(new());
        Assert.Equal(Enumerable.Reverse(_namesByMachineCode), Names(list));
        Assert.Equal("descending", AriaSort(list, "MachineCode"));

        await list.Find("[data-testid=printers-sort-Name]").ClickAsync(new());
        Assert.Equal(Ordered(_namesByMachineCode, descending: false), Names(list));
        Assert.Equal("ascending", AriaSort(list, "Name"));
    }

    [Fact]
    public async Task The_pager_pages_through_the_server_query()
    {
        var list = await RenderListAsync();
        Assert.Equal(Count, Names(list).Count);
        Assert.Equal("1-12 of 12", list.Find("[data-testid=printers-page-info]").TextContent);

        await list.Find("#printers-page-size").ChangeAsync("10");
        Assert.Equal("1-10 of 12", list.Find("[data-testid=printers-page-info]").TextContent);
        Assert.Equal(Ordered(_namesByMachineCode, descending: false).Take(10), Names(list));
        Assert.True(list.Find("[aria-label='First page']").HasAttribute("disabled"));
        Assert.True(list.Find("[aria-label='Previous page']").HasAttribute("disabled"));

        await list.Find("[aria-label='Next page']").ClickAsync(new());
        Assert.Equal("11-12 of 12", list.Find("[data-testid=printers-page-info]").TextContent);
        Assert.Equal(Ordered(_namesByMachineCode, descending: false).Skip(10), Names(list));
        Assert.True(list.Find("[aria-label='Next page']").HasAttribute("disabled"));
        Assert.True(list.Find("[aria-label='Last page']").HasAttribute("disabled"));

        await list.Find("[aria-label='First page']").ClickAsync(new());
        Assert.Equal("1-10 of 12", list.Find("[data-testid=printers-page-info]").TextContent);
    }

    [Fact]
    public async Task The_status_filter_and_the_search_narrow_the_list_and_say_when_nothing_matches()
    {
        var list = await RenderListAsync();

        await list.Find("[data-testid=printers-online-filter]").ChangeAsync(nameof(PrinterOnlineState.Offline));
        Assert.Equal(["Printer 05"], Names(list));

        await list.Find("[data-testid=printers-online-filter]").ChangeAsync("");
        Assert.Equal(Count, Names(list).Count);

        // The search waits for typing to pause (on the page's clock).
        var typed = list.Find("[data-testid=printers-search]").InputAsync("Printer 1");
        await TypingHandledAsync(list, typed);
        Assert.Equal(Count, Names(list).Count);
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(300));
        await typed;
        Assert.Equal(["Printer 10", "Printer 11", "Printer 12"], Names(list));

        typed = list.Find("[data-testid=printers-search]").InputAsync("no such printer");
        await TypingHandledAsync(list, typed);
        _harness.Clock.Advance(TimeSpan.FromMilliseconds(300));
        await typed;
        Assert.Contains("No printer matches these filters.", list.Find("[data-testid=printers-empty]").TextContent);
        Assert.Empty(Names(list));
    }

    /// <summary>
    /// Waits until the renderer has run a key's handler up to its pause (work queued on the renderer runs in order), so
    /// the clock the test then moves has that pause to end; the handler must still be waiting for the clock.
    /// </summary>
    private static async Task TypingHandledAsync(IRenderedComponent<PrinterList> list, Task typed)
    {
        await list.InvokeAsync(() => { });
        Assert.False(typed.IsCompleted, "The search ran without waiting for typing to pause.");
    }

    [Fact]
    public async Task The_first_page_loads_when_the_caller_is_known_only_after_the_first_render()
    {
        // The page's own caller lookup yields, as it does on a networked database: the page first renders before it
        // knows the caller's company, and must still load the list once it does.
        Services.AddSingleton(new CallerAccessor(new YieldingAuthenticationState(_harness.Get<AuthenticationStateProvider>()), _harness.DbFactory));

        var list = await RenderListAsync();

        Assert.Equal(Ordered(_namesByMachineCode, descending: false), Names(list));
        Assert.Empty(list.FindAll("[data-testid=printers-loading]"));
    }

    [Fact]
    public async Task Each_printable_row_links_to_its_page_and_to_printing_on_it()
    {
        var list = await RenderListAsync();

        var links = list.FindAll("[data-testid=printer-link]");
        Assert.All(links, a => Assert.StartsWith("printers/", a.GetAttribute("href")));
        Assert.Equal(Count, list.FindAll("[data-testid=printer-print]").Count);
        Assert.Equal(Count, list.FindAll("[data-testid=printer-countdown]").Count);
        Assert.Empty(list.FindAll("[data-testid=printers-loading]"));
    }

    /// <summary>The signed-in user, given only after yielding, so a caller lookup finishes as on a networked database.</summary>
    private sealed class YieldingAuthenticationState(AuthenticationStateProvider inner) : AuthenticationStateProvider
    {
        public override async Task<AuthenticationState> GetAuthenticationStateAsync()
        {
            await Task.Yield();
            return await inner.GetAuthenticationStateAsync();
        }
    }
}
