namespace Yilianyun.Tests.Sandbox;

/// <summary>The admin console and printer pages, and the state file.</summary>
public sealed class SandboxPagesTests
{
    private static HttpClient NoRedirectClient(SandboxTestHost host)
    {
        var server = (TestServer)host.Services.GetRequiredService<IServer>();
        return new HttpClient(server.CreateHandler()) { BaseAddress = server.BaseAddress };
    }

    [Fact]
    public async Task The_admin_page_registers_an_app_that_can_then_get_tokens()
    {
        await using var host = await SandboxTestHost.StartAsync();
        using var client = NoRedirectClient(host);

        using var created = await client.PostAsync("/sandbox/admin/apps", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "新应用", ["client_id"] = "777", ["client_secret"] = "sec777", ["type"] = "Own", ["redirect_uri"] = "", ["push_url"] = "",
        }));
        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/sandbox/admin"));
        var token = await host.PostAsync("oauth/oauth", host.Signed("777", "sec777", ("grant_type", "client_credentials"), ("scope", "all")));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal("/sandbox/admin", created.Headers.Location!.OriginalString);
        Assert.Contains("新应用", page);
        Assert.Equal(0, token.Error);
    }

    [Fact]
    public async Task The_admin_page_rejects_a_non_http_redirect_uri()
    {
        await using var host = await SandboxTestHost.StartAsync();
        using var client = NoRedirectClient(host);

        using var response = await client.PostAsync("/sandbox/admin/apps", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = "x", ["type"] = "Open", ["redirect_uri"] = "javascript:alert(1)",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(2, host.Admin.Apps.Count);
    }

    [Fact]
    public async Task The_admin_page_creates_printers_and_refuses_a_taken_machine_code()
    {
        await using var host = await SandboxTestHost.StartAsync();
        using var client = NoRedirectClient(host);
        Dictionary<string, string> form = new() { ["machine_code"] = "4009", ["msign"] = "k", ["model"] = "K4", ["paper_width"] = "80" };

        using var first = await client.PostAsync("/sandbox/admin/printers", new FormUrlEncodedContent(form));
        using var second = await client.PostAsync("/sandbox/admin/printers", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, second.StatusCode);
        Assert.Equal(PaperWidth.Mm80, host.Admin.FindPrinter("4009")!.PaperWidth);
    }

    [Fact]
    public async Task The_state_switch_changes_the_printer_and_returns_to_its_page()
    {
        await using var host = await SandboxTestHost.StartAsync();
        using var client = NoRedirectClient(host);

        using var response = await client.PostAsync($"/sandbox/printers/{SandboxTestHost.PrinterA}/state",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = "OutOfPaper", ["return"] = "printer" }));
        using var bogus = await client.PostAsync($"/sandbox/printers/{SandboxTestHost.PrinterA}/state",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = "42" }));

        Assert.Equal($"/sandbox/printers/{SandboxTestHost.PrinterA}", response.Headers.Location!.OriginalString);
        Assert.Equal(SandboxPrinterState.OutOfPaper, host.Admin.FindPrinter(SandboxTestHost.PrinterA)!.State);
        Assert.Equal(HttpStatusCode.NotFound, bogus.StatusCode);
    }

    [Fact]
    public async Task The_printer_page_shows_the_label_and_the_receipts_newest_first()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        await host.OpenCall("print/index", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "第一张 first"), ("origin_id", "o1"));
        await host.OpenCall("print/index", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "第二张 second"), ("origin_id", "o2"));

        var page = WebUtility.HtmlDecode(await host.Client.GetStringAsync($"/sandbox/printers/{SandboxTestHost.PrinterA}"));
        using var missing = await host.Client.GetAsync("/sandbox/printers/none");

        Assert.Contains(SandboxTestHost.MsignA, page);
        Assert.Contains(host.Admin.CurrentQrKey(SandboxTestHost.PrinterA)!.Value.Key, page);
        Assert.Contains("data:image/png;base64,", page);
        Assert.True(page.IndexOf("second", StringComparison.Ordinal) < page.IndexOf("first", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_printer_page_draws_the_newest_50_receipts()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        for (var i = 1; i <= 52; i++)
        {
            await host.OpenCall("print/index", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", $"receipt-{i:00}"), ("origin_id", $"n{i}"));
        }

        var page = WebUtility.HtmlDecode(await host.Client.GetStringAsync($"/sandbox/printers/{SandboxTestHost.PrinterA}"));

        Assert.Contains("showing 50 / 52", page);
        Assert.Equal(50, (page.Length - page.Replace("class=\"ylr-paper\"", "").Length) / "class=\"ylr-paper\"".Length);
        Assert.Contains("origin_id <code>n52</code>", page);
        Assert.DoesNotContain("origin_id <code>n2</code>", page);
    }

    [Fact]
    public async Task Printers_apps_and_tokens_survive_a_restart_through_the_state_file()
    {
        var file = Path.Combine(Path.GetTempPath(), "sandbox-state-" + Guid.NewGuid().ToString("N") + ".json");
        try
        {
            string access;
            await using (var first = await SandboxTestHost.StartAsync(o => o.StateFile = file))
            {
                (access, _) = await first.AuthorizeOpenAsync();
                first.Admin.CreatePrinter(new SandboxPrinterOptions { MachineCode = "4007", Msign = "m7" });
                await first.OpenCall("print/index", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "kept"), ("origin_id", "keep1"));
            }

            await using var second = await SandboxTestHost.StartAsync(o => o.StateFile = file);
            var status = await second.OpenCall("printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));

            Assert.Equal(0, status.Error);
            Assert.NotNull(second.Admin.FindPrinter("4007"));
            Assert.Equal("kept", Assert.Single(second.Admin.Jobs(SandboxTestHost.PrinterA)).Content);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
