namespace Yilianyun.Tests.Sandbox;

/// <summary>Jobs on virtual printers: idempotence, the print delay, holding while offline, cancel, list, reprint.</summary>
public sealed class SandboxPrintingTests
{
    private static async Task<(SandboxTestHost Host, string Access)> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var host = await SandboxTestHost.StartAsync(configure);
        var (access, _) = await host.AuthorizeOpenAsync();
        return (host, access);
    }

    private static Task<Answer> Print(SandboxTestHost host, string access, string originId, string dialect = "", params (string, string)[] extra) =>
        host.OpenCall(dialect + "print/index",
            [("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "<center>订单 " + originId + "</center>"), ("origin_id", originId), .. extra]);

    private static async Task<int> OrderStatus(SandboxTestHost host, string access, long orderId)
    {
        var answer = await host.OpenCall("v2/printer/getorderstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("order_id", orderId.ToString()));
        Assert.Equal(0, answer.Error);
        return answer.Body.GetProperty("status").GetInt32();
    }

    [Fact]
    public async Task V2_same_origin_id_within_2_hours_returns_the_earlier_job_then_prints_anew()
    {
        var (host, access) = await StartAsync();
        await using var _ = host;

        var first = await Print(host, access, "A100", "v2/");
        host.Time.Advance(TimeSpan.FromMinutes(119));
        var repeat = await Print(host, access, "A100", "v2/");
        host.Time.Advance(TimeSpan.FromMinutes(2));
        var later = await Print(host, access, "A100", "v2/");

        Assert.Equal(first.Body.GetProperty("id").GetInt64(), repeat.Body.GetProperty("id").GetInt64());
        Assert.NotEqual(first.Body.GetProperty("id").GetInt64(), later.Body.GetProperty("id").GetInt64());
        Assert.Equal(2, host.Admin.Jobs(SandboxTestHost.PrinterA).Count);
    }

    [Fact]
    public async Task A_printer_keeps_its_newest_jobs_and_a_dropped_jobs_origin_id_prints_anew()
    {
        var (host, access) = await StartAsync(o => o.MaxJobsPerPrinter = 3);
        await using var _ = host;

        var ids = new List<long>();
        foreach (var origin in new[] { "D1", "D2", "D3", "D4" })
        {
            ids.Add((await Print(host, access, origin, "v2/")).Body.GetProperty("id").GetInt64());
        }

        var kept = await Print(host, access, "D2", "v2/");
        var dropped = await Print(host, access, "D1", "v2/");
        var gone = await host.OpenCall("v2/printer/getorderstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("order_id", ids[0].ToString()));

        Assert.Equal(ids[1], kept.Body.GetProperty("id").GetInt64());
        Assert.DoesNotContain(dropped.Body.GetProperty("id").GetInt64(), ids);
        Assert.NotEqual(0, gone.Error);
        Assert.Equal([dropped.Body.GetProperty("id").GetInt64(), ids[3], ids[2]], host.Admin.Jobs(SandboxTestHost.PrinterA).Select(j => j.Id));
    }

    [Fact]
    public async Task V1_applies_idempotence_only_when_asked()
    {
        var (host, access) = await StartAsync();
        await using var _ = host;

        var first = await Print(host, access, "B1", "", ("idempotence", "1"));
        var repeat = await Print(host, access, "B1", "", ("idempotence", "1"));
        var withoutFlag = await Print(host, access, "B1");

        Assert.Equal(first.Body.GetProperty("id").GetString(), repeat.Body.GetProperty("id").GetString());
        Assert.NotEqual(first.Body.GetProperty("id").GetString(), withoutFlag.Body.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_job_prints_after_the_configured_delay()
    {
        var (host, access) = await StartAsync(o => o.PrintDelay = TimeSpan.FromSeconds(5));
        await using var _ = host;

        var id = (await Print(host, access, "C1", "v2/")).Body.GetProperty("id").GetInt64();
        var waiting = await OrderStatus(host, access, id);
        host.Time.Advance(TimeSpan.FromSeconds(4));
        var stillWaiting = await OrderStatus(host, access, id);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var printed = await OrderStatus(host, access, id);

        Assert.Equal(0, waiting);
        Assert.Equal(0, stillWaiting);
        Assert.Equal(1, printed);
        Assert.Equal(host.Time.GetUtcNow(), host.Admin.Jobs(SandboxTestHost.PrinterA).Single().PrintedAt);
    }

    [Theory]
    [InlineData(SandboxPrinterState.Offline)]
    [InlineData(SandboxPrinterState.OutOfPaper)]
    public async Task A_job_is_held_while_the_printer_cannot_print_and_released_when_it_is_back(SandboxPrinterState state)
    {
        var (host, access) = await StartAsync();
        await using var _ = host;
        host.Admin.SetPrinterState(SandboxTestHost.PrinterA, state);

        var id = (await Print(host, access, "D1", "v2/")).Body.GetProperty("id").GetInt64();
        host.Time.Advance(TimeSpan.FromMinutes(10));
        var held = await OrderStatus(host, access, id);
        var reported = await host.OpenCall("v2/printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));
        host.Admin.SetPrinterState(SandboxTestHost.PrinterA, SandboxPrinterState.Online);
        var released = await OrderStatus(host, access, id);

        Assert.Equal(0, held);
        Assert.Equal((int)state, reported.Body.GetProperty("state").GetInt32());
        Assert.Equal(1, released);
    }

    [Fact]
    public async Task Cancel_one_and_cancel_all_only_touch_unprinted_jobs()
    {
        var (host, access) = await StartAsync();
        await using var _ = host;
        var printedId = (await Print(host, access, "E1", "v2/")).Body.GetProperty("id").GetInt64();
        host.Time.Advance(TimeSpan.FromSeconds(2));
        host.Admin.SetPrinterState(SandboxTestHost.PrinterA, SandboxPrinterState.Offline);
        var secondId = (await Print(host, access, "E2", "v2/")).Body.GetProperty("id").GetInt64();
        var thirdId = (await Print(host, access, "E3", "v2/")).Body.GetProperty("id").GetInt64();

        var cancelPrinted = await host.OpenCall("printer/cancelone", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("order_id", printedId.ToString()));
        var cancelSecond = await host.OpenCall("printer/cancelone", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("order_id", secondId.ToString()));
        var cancelSecondAgain = await host.OpenCall("printer/cancelone", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("order_id", secondId.ToString()));
        var cancelAll = await host.OpenCall("printer/cancelall", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));
        host.Admin.SetPrinterState(SandboxTestHost.PrinterA, SandboxPrinterState.Online);

        Assert.Equal(24, cancelPrinted.Error);
        Assert.Equal(0, cancelSecond.Error);
        Assert.Equal(24, cancelSecondAgain.Error);
        Assert.Equal(0, cancelAll.Error);
        Assert.Equal(1, await OrderStatus(host, access, printedId));
        Assert.Equal(2, await OrderStatus(host, access, secondId));
        Assert.Equal(2, await OrderStatus(host, access, thirdId));
        var v1 = await host.OpenCall("printer/getorderstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("order_id", thirdId.ToString()));
        Assert.Equal(0, v1.Body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Order_list_pages_newest_first_and_v1_serves_only_three_pages()
    {
        var (host, access) = await StartAsync();
        await using var _ = host;
        for (var i = 1; i <= 9; i++)
        {
            await Print(host, access, "F" + i, "v2/");
        }

        host.Time.Advance(TimeSpan.FromSeconds(2));
        var page1 = await host.OpenCall("v2/printer/getorderpaginglist", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("page_index", "1"), ("page_size", "2"));
        var page4v1 = await host.OpenCall("printer/getorderpaginglist", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("page_index", "4"), ("page_size", "2"));
        var page4v2 = await host.OpenCall("v2/printer/getorderpaginglist", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("page_index", "4"), ("page_size", "2"));
        var tooBig = await host.OpenCall("v2/printer/getorderpaginglist", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("page_index", "1"), ("page_size", "101"));

        var items = page1.Body.EnumerateArray().ToList();
        Assert.Equal(["F9", "F8"], items.Select(i => i.GetProperty("origin_id").GetString()));
        Assert.Equal(1, items[0].GetProperty("status").GetInt32());
        Assert.Equal(host.Time.GetUtcNow().ToUnixTimeSeconds(), items[0].GetProperty("print_time").GetInt64());
        Assert.Equal("<center>订单 F9</center>", items[0].GetProperty("content").GetString());
        Assert.Empty(page4v1.Body.EnumerateArray());
        Assert.Equal(["F3", "F2"], page4v2.Body.EnumerateArray().Select(i => i.GetProperty("origin_id").GetString()));
        Assert.Equal(47, tooBig.Error);
    }

    [Fact]
    public async Task Reprint_creates_a_new_job_with_the_same_content()
    {
        var (host, access) = await StartAsync();
        await using var _ = host;
        var id = (await Print(host, access, "G1", "v2/")).Body.GetProperty("id").GetInt64();

        var reprint = await host.OpenCall("v2/printer/reprintorder", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("order_id", id.ToString()));

        Assert.Equal(0, reprint.Error);
        var jobs = host.Admin.Jobs(SandboxTestHost.PrinterA);
        Assert.Equal(2, jobs.Count);
        Assert.Equal(id, jobs[0].ReprintOf);
        Assert.Equal(jobs[1].Content, jobs[0].Content);
        Assert.Equal(reprint.Body.GetProperty("id").GetInt64(), jobs[0].Id);
    }

    [Fact]
    public async Task Picture_and_waybill_jobs_are_kept_with_their_kind()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (a, _) = await host.AuthorizeOpenAsync();
        var (k5, _) = await host.AuthorizeOpenAsync(SandboxTestHost.PrinterK5, SandboxTestHost.MsignK5);

        var picture = await host.OpenCall("pictureprint/index", ("access_token", a), ("machine_code", SandboxTestHost.PrinterA), ("picture_url", "https://img.example/logo.PNG"), ("origin_id", "P1"));
        var waybill = await host.OpenCall("expressprint/index", ("access_token", k5), ("machine_code", SandboxTestHost.PrinterK5),
            ("content", JsonSerializer.Serialize(new { OrderCode = "1", ShipperCode = "SF" })), ("origin_id", "W1"), ("sandbox", "1"));

        var waybillAgain = await host.OpenCall("expressprint/index", ("access_token", k5), ("machine_code", SandboxTestHost.PrinterK5),
            ("content", JsonSerializer.Serialize(new { OrderCode = "1", ShipperCode = "SF" })), ("origin_id", "W1"));

        Assert.Equal(0, picture.Error);
        Assert.Equal(0, waybill.Error);
        Assert.Equal(waybill.Body.GetProperty("id").GetString(), waybillAgain.Body.GetProperty("id").GetString());
        Assert.Equal(Yilianyun.Sandbox.State.PrintJobKind.Picture, host.Admin.Jobs(SandboxTestHost.PrinterA).Single().Kind);
        Assert.Equal(Yilianyun.Sandbox.State.PrintJobKind.Express, host.Admin.Jobs(SandboxTestHost.PrinterK5).Single().Kind);
    }

    [Fact]
    public async Task Device_settings_are_stored_on_the_printer()
    {
        var (host, access) = await StartAsync();
        await using var _ = host;
        (string, string)[] device = [("access_token", access), ("machine_code", SandboxTestHost.PrinterA)];

        var answers = new[]
        {
            await host.OpenCall("printer/setsound", [.. device, ("response_type", "buzzer"), ("voice", "3")]),
            await host.OpenCall("printer/seticon", [.. device, ("img_url", "https://img.example/logo.png")]),
            await host.OpenCall("printer/deleteicon", device),
            await host.OpenCall("printer/btnprint", [.. device, ("response_type", "btnopen")]),
            await host.OpenCall("printer/getorder", [.. device, ("response_type", "open")]),
            await host.OpenCall("printer/setvoice", [.. device, ("content", "[\"您有新订单\",5,0]"), ("is_file", "false"), ("aid", "3")]),
            await host.OpenCall("printer/deletevoice", [.. device, ("aid", "3")]),
            await host.OpenCall("printmenu/addprintmenu", [.. device, ("content", "[[\"菜单\",\"https%3A%2F%2Fm.example%2F\"]]")]),
            await host.OpenCall("printer/shutdownrestart", [.. device, ("response_type", "restart")]),
        };
        var info = await host.OpenCall("printer/printinfo", device);
        var version = await host.OpenCall("v2/printer/getversion", device);
        var voice = await host.OpenCall("v2/printer/setvoice", [.. device, ("content", "https://v.example/a.mp3"), ("is_file", "true"), ("aid", "4")]);
        var shutdown = await host.OpenCall("printer/shutdownrestart", [.. device, ("response_type", "shutdown")]);

        Assert.All(answers, a => Assert.Equal(0, a.Error));
        Assert.Equal("K6-WH", info.Body.GetProperty("version").GetString());
        Assert.Equal("58", info.Body.GetProperty("print_width").GetString());
        Assert.Equal("K6-WH", version.Body.GetProperty("software").GetString());
        Assert.Equal(4, voice.Body.GetProperty("aid").GetInt32());
        Assert.Equal(0, shutdown.Error);
        var printer = host.Admin.FindPrinter(SandboxTestHost.PrinterA)!;
        Assert.Equal(SandboxPrinterState.Offline, printer.State);
        Assert.Equal("声音 sound buzzer 3 · 按键打印 key print on · 接单拒单 accept/reject on · 语音 voices 4 · 菜单 menus 菜单 · 重启 restarts 1", printer.Settings);
    }
}
