using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Xunit.Abstractions;

namespace Portal.E2E.Flows;

/// <summary>
/// A developer's first receipt: a key made on the print API page prints over plain HTTP, and the job shows up in the
/// jobs list already open in the browser, without a reload. The API's reference page renders under the portal's
/// security policy.
/// </summary>
public sealed class PrintApiFlowTests(BrowserFixture fixture, ITestOutputHelper output) : FlowTests(fixture)
{
    [Fact]
    public async Task A_key_made_in_the_page_prints_over_http_and_the_job_appears_live_in_the_open_jobs_list()
    {
        await using var merchant = await MerchantWithPrinterAsync("print-api", printerName: "API Till");
        await merchant.GoToAsync("developers/print-api");
        await merchant.Page.GetByTestId("print-api-key-name").FillAsync("Till program");
        await merchant.Page.GetByTestId("print-api-key-create").ClickAsync();
        var key = (await merchant.Page.GetByTestId("print-api-key-value").InnerTextAsync()).Trim();
        Assert.StartsWith("pk_", key, StringComparison.Ordinal);
        await Assertions.Expect(merchant.Page.GetByTestId("print-api-keys-table")).ToContainTextAsync("Till program");

        await merchant.GoToAsync("print/jobs");
        await Assertions.Expect(merchant.Page.GetByTestId("jobs-empty")).ToBeVisibleAsync();

        using var program = new HttpClient { BaseAddress = new Uri(new Uri(merchant.Page.Url), "/") };
        program.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var printers = await program.GetFromJsonAsync<JsonObject>("api/v1/printers");
        var printer = Assert.Single(printers!["data"]!.AsArray())!;
        Assert.Equal("API Till", printer["name"]!.GetValue<string>());
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/printers/{printer["id"]}/jobs")
        {
            Content = JsonContent.Create(new { content = "<center>Order 7 from the till</center>", copies = 1 }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var created = await program.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var job = (await created.Content.ReadFromJsonAsync<JsonObject>())!;

        // The page was not reloaded: the row arrives through the live feed.
        var row = merchant.Page.GetByTestId("job-preview").Filter(new() { HasText = "Order 7 from the till" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(merchant.Page.GetByTestId("job-link").First)
            .ToHaveAttributeAsync("href", new Regex($"print/jobs/{job["id"]}$"));
    }

    [Fact]
    public async Task The_reference_page_lists_the_calls_with_curl_examples_breaks_no_rule_of_the_security_policy_and_is_accessible()
    {
        await using var visitor = await NewSessionAsync("print-api-reference");
        var problems = PageProblems.Watch(visitor.Page);

        await visitor.Page.GotoAsync("developers/print-api/reference/");
        await Assertions.Expect(visitor.Page.GetByText("/api/v1/printers/{id}/jobs").First).ToBeVisibleAsync();
        await Assertions.Expect(visitor.Page.GetByText("curl").First).ToBeVisibleAsync();
        await visitor.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.True(problems.Count == 0, string.Join('\n', problems));

        // Accessible as the portal's own pages are (the crawl of AccessibilityFlowTests reaches it too, as a member):
        // WCAG 2.1 AA in the light theme, contrast in the dark one, which the page takes from the portal's choice.
        var violations = new List<string>();
        foreach (var theme in new[] { "light", "dark" })
        {
            await visitor.Page.GotoAsync($"preferences/theme?mode={theme}&returnUrl=%2Fdevelopers%2Fprint-api%2Freference%2F");
            await Assertions.Expect(visitor.Page.GetByText("/api/v1/printers/{id}/jobs").First).ToBeVisibleAsync();
            Assert.Equal(theme == "dark", await visitor.Page.EvaluateAsync<bool>("() => document.body.classList.contains('dark-mode')"));
            var result = await visitor.Page.RunAxe(new AxeRunOptions
            {
                RunOnly = theme == "light"
                    ? new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }
                    : new RunOnlyOptions { Type = "rule", Values = ["color-contrast"] },
            });
            foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
            {
                violations.AddRange(violation.Nodes.Select(n => $"{theme}: {violation.Id} on {n.Html[..Math.Min(160, n.Html.Length)]} — {n.Any.FirstOrDefault()?.Message}"));
            }
        }

        foreach (var line in violations)
        {
            output.WriteLine(line);
        }

        Assert.True(violations.Count == 0, string.Join('\n', violations));
    }
}
