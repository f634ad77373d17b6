using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Xunit.Abstractions;

namespace Portal.E2E.Flows;

/// <summary>
/// An axe-core scan (WCAG 2.1 A and AA) of every page a person can reach by following the portal's own links, as an
/// anonymous visitor, as a merchant with a printer and a print job, and as the operator, each in both languages and
/// both themes: no serious or critical violation anywhere. Pages are found by crawling, so a new page linked from the
/// navigation is scanned the day it is added.
/// </summary>
public sealed partial class AccessibilityFlowTests(BrowserFixture fixture, ITestOutputHelper output) : FlowTests(fixture)
{
    /// <summary>
    /// WCAG 2.1 A and AA, but the page title is checked on its own (<see cref="TitleProblemAsync"/>): the interactive
    /// head writes the title again when its circuit starts, and a scan in that instant would see none.
    /// </summary>
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        Rules = new Dictionary<string, RuleOptions> { ["document-title"] = new() { Enabled = false } },
    };

    /// <summary>The one rule the theme can change; the dark theme's pages are otherwise those of the light one.</summary>
    private static readonly AxeRunOptions ContrastOnly = new()
    {
        RunOnly = new RunOnlyOptions { Type = "rule", Values = ["color-contrast"] },
    };

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guid();

    [Fact]
    public async Task Anonymous_pages_have_no_serious_violation_in_either_language_or_theme()
    {
        await using var visitor = await NewSessionAsync("a11y-anonymous");
        // Pages reached from mails, redirects and errors rather than links are named.
        await ScanEverywhereAsync(visitor, "Account/Login", "not-found", "Account/AccessDenied", "Account/Lockout",
            "Account/ForgotPasswordConfirmation", "Account/ResetPasswordConfirmation", "Account/InvalidPasswordReset",
            "invitations/accept?token=unknown");
    }

    [Fact]
    public async Task A_merchants_pages_have_no_serious_violation_in_either_language_or_theme()
    {
        await using var merchant = await MerchantWithPrinterAsync("a11y-merchant", printerName: "A11y printer");
        var printerPage = merchant.Page.Url;
        // One print, so the job list and a job's page are there to reach.
        await merchant.GoToAsync(printerPage.Replace("/printers/", "/print?printer=", StringComparison.Ordinal));
        await merchant.Page.GetByTestId("print-content").FillAsync("<center>A11y</center>");
        await merchant.Page.GetByTestId("print-submit").ClickAsync();
        var jobPage = await merchant.Page.GetByTestId("print-result-link").GetAttributeAsync("href");
        Assert.NotNull(jobPage);
        // A printer's and a job's pages are reached from rows, not links: they are named here.
        var printerPath = new Uri(printerPage).AbsolutePath.TrimStart('/');
        await ScanEverywhereAsync(merchant, "", printerPath, printerPath + "/reauthorize", jobPage);
    }

    [Fact]
    public async Task The_operators_pages_have_no_serious_violation_in_either_language_or_theme()
    {
        // A company, so the operator's company pages have one to show.
        await using var merchant = await MerchantWithCompanyAsync("a11y-customer");
        await using var op = await NewSessionAsync("a11y-operator");
        await op.LogInAsync(BrowserFixture.OperatorEmail);
        await ScanEverywhereAsync(op, "");
    }

    /// <summary>Crawls from <paramref name="starts"/>, then scans each page found in 中文 and English, light and dark.</summary>
    private async Task ScanEverywhereAsync(PortalSession session, params string[] starts)
    {
        var page = session.Page;
        var urls = await CrawlAsync(page, starts);
        var violations = new List<string>();
        foreach (var (culture, theme) in new[] { ("en", "light"), ("zh-CN", "light"), ("en", "dark"), ("zh-CN", "dark") })
        {
            await page.GotoAsync($"preferences/culture?culture={culture}&returnUrl=%2F");
            await page.GotoAsync($"preferences/theme?mode={theme}&returnUrl=%2F");
            foreach (var url in urls)
            {
                await OpenAsync(page, url);
                if (await TitleProblemAsync(page) is { } titleProblem)
                {
                    violations.Add($"{url} ({culture}, {theme}): {titleProblem}");
                }

                var result = await page.RunAxe(theme == "light" ? Wcag21AA : ContrastOnly);
                violations.AddRange(result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v =>
                    $"{url} ({culture}, {theme}): {v.Id} ({v.Impact}) on {v.Nodes.Length} element(s), e.g. {Shorten(v.Nodes[0].Html)}"));
            }
        }

        output.WriteLine($"Scanned {urls.Count} pages × 4: {string.Join(", ", urls)}");
        foreach (var line in violations)
        {
            output.WriteLine(line);
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    /// <summary>What is wrong with the page's title (WCAG 2.4.2), or null: it must settle on a non-empty text.</summary>
    private static async Task<string?> TitleProblemAsync(IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync("() => document.title.trim() !== ''", null, new() { Timeout = 10_000 });
            return null;
        }
        catch (TimeoutException)
        {
            return "document-title (serious): the page has no title";
        }
    }

    private static string Shorten(string html) => html.Length <= 200 ? html : html[..200] + "…";

    /// <summary>Opens a page and, where it is interactive (prerendered components leave Blazor's markers), waits for its circuit.</summary>
    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        if (!await page.EvaluateAsync<bool>("() => document.documentElement.innerHTML.includes('<!--Blazor:')"))
        {
            return;
        }

        try
        {
            await page.Locator("#circuit-ready").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            // Interactive islands outside the main layout: the prerendered page is what is scanned.
        }
    }

    /// <summary>
    /// HTML pages of the portal linked from the pages already seen, one of each route shape (an id stands for any id).
    /// Links that change something or are not pages are left alone: the preference switches, log-out, downloads.
    /// </summary>
    private static async Task<List<string>> CrawlAsync(IPage page, string[] starts)
    {
        var shapes = new HashSet<string>();
        var pages = new List<string>();
        var queue = new Queue<string>(starts);
        await page.GotoAsync(starts[0]);
        var origin = new Uri(new Uri(page.Url), "/").ToString();
        while (queue.Count > 0 && pages.Count < 80)
        {
            var url = queue.Dequeue();
            var shape = Guid().Replace(url.Split('?')[0], "{id}");
            if (!shapes.Add(shape))
            {
                continue;
            }

            var response = await page.GotoAsync(origin + url);
            if (response?.Headers.GetValueOrDefault("content-type")?.StartsWith("text/html", StringComparison.Ordinal) != true)
            {
                continue;
            }

            pages.Add(url);
            var links = await page.EvaluateAsync<string[]>("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)");
            foreach (var link in links.Where(l => l.StartsWith(origin, StringComparison.Ordinal)).Select(l => l[origin.Length..].Split('#')[0]))
            {
                if (!link.StartsWith("preferences/", StringComparison.Ordinal) && !link.Contains("logout", StringComparison.OrdinalIgnoreCase)
                    && !link.Contains(".csv", StringComparison.Ordinal))
                {
                    queue.Enqueue(link);
                }
            }
        }

        return pages;
    }
}
