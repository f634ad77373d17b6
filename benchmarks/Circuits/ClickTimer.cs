using Microsoft.Playwright;

namespace Portal.Benchmarks.Circuits;

/// <summary>
/// One real page of the printer list in headless Chromium, signed in as the merchant; times inside the page how long a
/// click on a sortable column's header takes until the list shows its rows in the new order.
/// </summary>
internal sealed class ClickTimer : IAsyncDisposable
{
    // Clicks the header of the column titled `title` and resolves with the milliseconds (performance.now()) from just
    // before the click until the grid's printer names stand in another order, all `rows` of them.
    private const string TimeOneClick = """
        async ([title, rows]) => {
          const grid = document.querySelector('[data-testid=printers-grid]');
          const names = () => Array.from(grid.querySelectorAll('[data-testid=printer-link]'), a => a.textContent).join('|');
          const header = Array.from(grid.querySelectorAll('th')).find(th => th.textContent.includes(title));
          const target = header.querySelector('button') ?? header;
          const before = names();
          return await new Promise((resolve, reject) => {
            let start = 0;
            const observer = new MutationObserver(() => {
              const now = names();
              if (now !== before && now.split('|').length === rows) {
                const end = performance.now();
                observer.disconnect();
                resolve(end - start);
              }
            });
            observer.observe(grid, { childList: true, subtree: true, characterData: true });
            setTimeout(() => { observer.disconnect(); reject(new Error('the list did not re-render within 10 s')); }, 10000);
            start = performance.now();
            target.click();
          });
        }
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;

    private ClickTimer(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
    }

    /// <summary>Signs in through the login form and opens /printers until its <paramref name="rows"/> rows show and the circuit is up.</summary>
    public static async Task<ClickTimer> OpenAsync(Uri baseAddress, string email, string password, int rows)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        var timer = new ClickTimer(playwright, browser, page);
        await page.GotoAsync("Account/Login");
        await page.Locator("[id='Input.Email']").FillAsync(email);
        await page.Locator("[id='Input.Password']").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("Account/Login", StringComparison.Ordinal));
        await timer.ShowListAsync(rows);
        return timer;
    }

    /// <summary>The browser's cookies for the portal, as a Cookie header.</summary>
    public async Task<string> CookieHeaderAsync() =>
        string.Join("; ", (await _page.Context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));

    /// <summary>Opens /printers and waits until its rows show and clicks are handled.</summary>
    private async Task ShowListAsync(int rows)
    {
        await _page.GotoAsync("printers");
        await _page.Locator("#circuit-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await Assertions.Expect(_page.GetByTestId("printer-link")).ToHaveCountAsync(rows, new LocatorAssertionsToHaveCountOptions { Timeout = 60_000 });
    }

    /// <summary>One timed click on the header of the column titled <paramref name="title"/>, in milliseconds.</summary>
    public Task<double> ClickAsync(string title, int rows) => _page.EvaluateAsync<double>(TimeOneClick, new object[] { title, rows });

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
