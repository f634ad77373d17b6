namespace Yilianyun.Tests.Sandbox;

/// <summary>The admin page's "Faults 故障注入" section: add, list, remove and clear fault rules.</summary>
public sealed class SandboxFaultAdminTests
{
    private static HttpClient NoRedirectClient(SandboxTestHost host) =>
        new(host.Server.CreateHandler()) { BaseAddress = host.Server.BaseAddress };

    private static Task<HttpResponseMessage> PostForm(HttpClient client, string path, Dictionary<string, string> form) =>
        client.PostAsync(path, new FormUrlEncodedContent(form));

    private static async Task<string> AdminPage(HttpClient client) =>
        WebUtility.HtmlDecode(await client.GetStringAsync("/sandbox/admin"));

    /// <summary>The faults table of the admin page, so the assertions do not match the form's path list.</summary>
    private static string FaultsTable(string page)
    {
        var start = page.IndexOf("<table class=\"sb-table\" id=\"faults\">", StringComparison.Ordinal);
        return page[start..page.IndexOf("</table>", start, StringComparison.Ordinal)];
    }

    private static Task<Answer> PrintStatus(SandboxTestHost host, string access) =>
        host.OpenCall("v2/printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));

    [Fact]
    public async Task A_rule_added_on_the_page_applies_to_the_next_call_shows_its_count_and_stops_once_removed()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        using var client = NoRedirectClient(host);

        using var added = await PostForm(client, "/sandbox/admin/faults", new()
        {
            ["path"] = "printer/getprintstatus", ["client_id"] = SandboxTestHost.OpenClientId, ["latency_ms"] = "", ["error_rate"] = "",
            ["error_status"] = "", ["error_code"] = "45", ["times"] = "",
        });
        var forced = await PrintStatus(host, access);
        var otherPath = await host.OpenCall("v2/printer/printinfo", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));
        var listed = FaultsTable(await AdminPage(client));
        var id = Assert.Single(host.Faults.Active).Id;
        using var removed = await PostForm(client, $"/sandbox/admin/faults/{id}/remove", []);
        var afterRemoval = await PrintStatus(host, access);
        var emptied = FaultsTable(await AdminPage(client));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("/sandbox/admin", added.Headers.Location!.OriginalString);
        Assert.Equal(45, forced.Error);
        Assert.Equal(0, otherPath.Error);
        Assert.Contains("<code>printer/getprintstatus</code>", listed);
        Assert.Contains(SandboxTestHost.OpenClientId, listed);
        Assert.Contains("error 45", listed);
        Assert.Matches(@"<td>1</td>\s*<td>∞</td>", listed); // affected 1, no limit left
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(0, afterRemoval.Error);
        Assert.Empty(host.Faults.Active);
        Assert.DoesNotContain("printer/getprintstatus", emptied);
        Assert.Contains("No fault rules in force", emptied);
    }

    [Fact]
    public async Task A_counted_server_error_rule_shows_what_it_has_left_and_retires()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        using var client = NoRedirectClient(host);

        await PostForm(client, "/sandbox/admin/faults", new()
        {
            ["path"] = "printer/getprintstatus", ["error_rate"] = "100", ["error_status"] = "502", ["times"] = "2",
        });
        var first = await PrintStatus(host, access);
        var rule = Assert.Single(host.Faults.Active);
        var midway = FaultsTable(await AdminPage(client));
        var second = await PrintStatus(host, access);
        var third = await PrintStatus(host, access);

        Assert.Equal(HttpStatusCode.BadGateway, first.Status);
        Assert.Equal((1, 1), (rule.Affected, rule.Left));
        Assert.Contains("HTTP 502 × 100 %", midway);
        Assert.Equal(HttpStatusCode.BadGateway, second.Status);
        Assert.Equal(0, third.Error);
        Assert.Empty(host.Faults.Active);
    }

    [Fact]
    public async Task A_connection_dropped_before_the_work_set_on_the_page_loses_the_print()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        using var client = NoRedirectClient(host);
        (string, string)[] print = [("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "lost"), ("origin_id", "lost1")];

        await PostForm(client, "/sandbox/admin/faults", new() { ["path"] = "print/index", ["drop_request"] = "true", ["times"] = "1" });
        await Assert.ThrowsAnyAsync<Exception>(() => host.OpenCall("v2/print/index", print));
        var jobsAfterDrop = host.Admin.Jobs(SandboxTestHost.PrinterA).Count;
        var retry = await host.OpenCall("v2/print/index", print);

        Assert.Equal(0, jobsAfterDrop);
        Assert.Equal(0, retry.Error);
        Assert.Single(host.Admin.Jobs(SandboxTestHost.PrinterA));
        var dropped = host.Journal.Entries.First(e => e.Path == "print/index");
        Assert.Equal((true, (int?)null), (dropped.Dropped, dropped.Error));
        Assert.Contains("dropped before the work", await AdminPage(client));
    }

    [Theory]
    [InlineData("error_rate", "150", "ServerErrorRate must be between 0 and 1")]
    [InlineData("error_rate", "-1", "ServerErrorRate must be between 0 and 1")]
    [InlineData("error_status", "404", "ServerErrorStatus must be an HTTP 5xx status")]
    [InlineData("latency_ms", "-5", "Latency must be between 0 and 10 minutes")]
    [InlineData("latency_ms", "99999999999999999999999", "Latency must be between 0 and 10 minutes")]
    [InlineData("latency_ms", "soon", "must be a number: Latency (ms)")]
    [InlineData("error_code", "0", "ForceError must be a platform error code")]
    [InlineData("times", "0", "Times must be at least 1")]
    [InlineData("path", "printer/nope", "Path 'printer/nope' is not an API path")]
    [InlineData("client_id", "123", "The rule has no effect")]
    public async Task Bad_form_input_answers_the_page_with_the_reason_and_400(string field, string value, string message)
    {
        await using var host = await SandboxTestHost.StartAsync();
        using var client = NoRedirectClient(host);
        var form = new Dictionary<string, string> { ["error_rate"] = "50", [field] = value };
        if (field is "client_id")
        {
            form.Remove("error_rate");
        }

        using var response = await PostForm(client, "/sandbox/admin/faults", form);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Cannot add the fault rule", page);
        Assert.Contains(message, page);
        Assert.Empty(host.Faults.Active);
    }

    [Fact]
    public async Task Clear_all_removes_every_rule_and_removing_a_gone_rule_says_so()
    {
        await using var host = await SandboxTestHost.StartAsync();
        using var client = NoRedirectClient(host);
        host.Faults.Add(new SandboxFault { Path = "print/index", ForceError = 9 });
        var id = host.Faults.Add(new SandboxFault { Latency = TimeSpan.FromMilliseconds(5) });

        using var cleared = await PostForm(client, "/sandbox/admin/faults/clear", []);
        using var gone = await PostForm(client, $"/sandbox/admin/faults/{id}/remove", []);

        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Empty(host.Faults.Active);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains("That fault rule is gone", WebUtility.HtmlDecode(await gone.Content.ReadAsStringAsync()));
    }
}
