namespace Yilianyun.Tests.Client;

/// <summary>Each call posts to its documented path with its documented fields.</summary>
public class EndpointTests
{
    private const string At = ClientFixture.AccessToken;
    private const string Mc = "4004123456";

    /// <summary>A body that satisfies every call's response type.</summary>
    private static readonly string AnyBody = ClientFixture.Success("""
        {"id":"9","origin_id":"o1","state":"1","status":"1","version":"K4","print_width":"58","hardware":"a7","software":"K4-WAD",
         "aid":"3","access_token":"AT","refresh_token":"RT","machine_code":"4004123456","expires_in":2592000,"scope":"all"}
        """);

    public static TheoryData<string, Func<IYilianyunClient, Task>, string, Dictionary<string, string>> Calls => new()
    {
        { "authorization_code", c => c.GetTokenByAuthorizationCodeAsync("CODE"), "/oauth/oauth",
            new() { ["grant_type"] = "authorization_code", ["code"] = "CODE", ["scope"] = "all" } },
        { "client_credentials", c => c.GetTokenByClientCredentialsAsync(), "/oauth/oauth",
            new() { ["grant_type"] = "client_credentials", ["scope"] = "all" } },
        { "refresh_token", c => c.RefreshTokenAsync("RT0"), "/oauth/oauth",
            new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "RT0", ["scope"] = "all" } },
        { "scancode qr_key", c => c.AuthorizeByQrKeyAsync(Mc, "QK"), "/oauth/scancodemodel",
            new() { ["machine_code"] = Mc, ["qr_key"] = "QK", ["scope"] = "all" } },
        { "scancode msign", c => c.AuthorizeByMsignAsync(Mc, "MS"), "/oauth/scancodemodel",
            new() { ["machine_code"] = Mc, ["msign"] = "MS", ["scope"] = "all" } },
        { "addprinter", c => c.AddPrinterAsync(At, new AddPrinterRequest(Mc, "MS") { Phone = "13800000000", PrintName = "前台" }), "/printer/addprinter",
            new() { ["access_token"] = At, ["machine_code"] = Mc, ["msign"] = "MS", ["phone"] = "13800000000", ["print_name"] = "前台" } },
        { "deleteprinter", c => c.DeletePrinterAsync(At, Mc), "/printer/deleteprinter",
            new() { ["access_token"] = At, ["machine_code"] = Mc } },
        { "print", c => c.PrintTextAsync(At, new PrintTextRequest(Mc, "<FB>hi</FB>", "o1")), "/print/index",
            new() { ["access_token"] = At, ["machine_code"] = Mc, ["content"] = "<FB>hi</FB>", ["origin_id"] = "o1", ["idempotence"] = "1" } },
        { "print without idempotence", c => c.PrintTextAsync(At, new PrintTextRequest(Mc, "x", "o1") { Idempotent = false }), "/print/index",
            new() { ["machine_code"] = Mc, ["content"] = "x", ["origin_id"] = "o1", ["idempotence"] = "0" } },
        { "pictureprint", c => c.PrintPictureAsync(At, new PrintPictureRequest(Mc, "https://img.example/a.png", "o1")), "/pictureprint/index",
            new() { ["machine_code"] = Mc, ["picture_url"] = "https://img.example/a.png", ["origin_id"] = "o1", ["idempotence"] = "1" } },
        { "expressprint", c => c.PrintExpressAsync(At, new PrintExpressRequest(Mc, """{"OrderCode":"1"}""", "o1") { Sandbox = true }), "/expressprint/index",
            new() { ["machine_code"] = Mc, ["content"] = """{"OrderCode":"1"}""", ["origin_id"] = "o1", ["sandbox"] = "1" } },
        { "getprintstatus", c => c.GetPrintStatusAsync(At, Mc), "/printer/getprintstatus", new() { ["machine_code"] = Mc } },
        { "printinfo", c => c.GetPrintInfoAsync(At, Mc), "/printer/printinfo", new() { ["machine_code"] = Mc } },
        { "getversion", c => c.GetVersionAsync(At, Mc), "/printer/getversion", new() { ["machine_code"] = Mc } },
        { "cancelall", c => c.CancelAllAsync(At, Mc), "/printer/cancelall", new() { ["machine_code"] = Mc } },
        { "cancelone", c => c.CancelOneAsync(At, Mc, 2540003905), "/printer/cancelone", new() { ["machine_code"] = Mc, ["order_id"] = "2540003905" } },
        { "getorderstatus", c => c.GetOrderStatusAsync(At, Mc, 77), "/printer/getorderstatus", new() { ["machine_code"] = Mc, ["order_id"] = "77" } },
        { "getorderpaginglist", c => c.GetOrderPagingListAsync(At, Mc, 2, 50), "/printer/getorderpaginglist",
            new() { ["machine_code"] = Mc, ["page_index"] = "2", ["page_size"] = "50" } },
        { "reprintorder", c => c.ReprintOrderAsync(At, Mc, 77), "/printer/reprintorder", new() { ["machine_code"] = Mc, ["order_id"] = "77" } },
        { "setsound", c => c.SetSoundAsync(At, Mc, SoundType.Horn, 2), "/printer/setsound",
            new() { ["machine_code"] = Mc, ["response_type"] = "horn", ["voice"] = "2" } },
        { "shutdownrestart", c => c.ShutdownRestartAsync(At, Mc, PowerAction.Shutdown), "/printer/shutdownrestart",
            new() { ["machine_code"] = Mc, ["response_type"] = "shutdown" } },
        { "seticon", c => c.SetIconAsync(At, Mc, "https://img.example/logo.png"), "/printer/seticon",
            new() { ["machine_code"] = Mc, ["img_url"] = "https://img.example/logo.png" } },
        { "deleteicon", c => c.DeleteIconAsync(At, Mc), "/printer/deleteicon", new() { ["machine_code"] = Mc } },
        { "btnprint on", c => c.SetButtonPrintAsync(At, Mc, true), "/printer/btnprint", new() { ["machine_code"] = Mc, ["response_type"] = "btnopen" } },
        { "btnprint off", c => c.SetButtonPrintAsync(At, Mc, false), "/printer/btnprint", new() { ["response_type"] = "btnclose" } },
        { "getorder on", c => c.SetOrderConfirmationAsync(At, Mc, true), "/printer/getorder", new() { ["machine_code"] = Mc, ["response_type"] = "open" } },
        { "getorder off", c => c.SetOrderConfirmationAsync(At, Mc, false), "/printer/getorder", new() { ["response_type"] = "close" } },
        { "setvoice mp3", c => c.SetVoiceAsync(At, SetVoiceRequest.Mp3(Mc, "https://v.example/a.mp3", 3)), "/printer/setvoice",
            new() { ["machine_code"] = Mc, ["content"] = "https://v.example/a.mp3", ["is_file"] = "true", ["aid"] = "3" } },
        { "setvoice speech", c => c.SetVoiceAsync(At, SetVoiceRequest.Speech(Mc, "您有新订单", 5, 1, 2)), "/printer/setvoice",
            new() { ["content"] = """["您有新订单",5,1]""", ["is_file"] = "false", ["aid"] = "2" } },
        { "deletevoice", c => c.DeleteVoiceAsync(At, Mc, 3), "/printer/deletevoice", new() { ["machine_code"] = Mc, ["aid"] = "3" } },
        { "addprintmenu", c => c.AddPrintMenuAsync(At, Mc, [new PrintMenuItem("点餐", "https://m.example/a?b=1")]), "/printmenu/addprintmenu",
            new() { ["machine_code"] = Mc, ["content"] = """[["点餐","https%3A%2F%2Fm.example%2Fa%3Fb%3D1"]]""" } },
        { "setpushurl", c => c.SetPushUrlAsync(At, new SetPushUrlRequest(PushCommand.PrintStatus, "https://portal.example/push", true) { MachineCode = Mc }),
            "/oauth/setpushurl",
            new() { ["cmd"] = "oauth_printStatus", ["url"] = "https://portal.example/push", ["status"] = "open", ["machine_code"] = Mc } },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task Each_call_posts_its_documented_path_and_fields(string name, Func<IYilianyunClient, Task> call, string path,
        Dictionary<string, string> fields)
    {
        var handler = new FakeHttpHandler().Returns(AnyBody);

        await call(ClientFixture.Create(handler));

        var request = Assert.Single(handler.Requests);
        Assert.Equal(path, request.Path);
        var form = request.Form;
        foreach (var (key, value) in fields)
        {
            Assert.True(form.TryGetValue(key, out var actual), $"{name}: field {key} missing");
            Assert.Equal(value, actual);
        }

        Assert.Equal(ClientFixture.ClientId, form["client_id"]);
        Assert.Equal(path.StartsWith("/oauth/oauth", StringComparison.Ordinal) || path.StartsWith("/oauth/scancodemodel", StringComparison.Ordinal),
            !form.ContainsKey("access_token"));
    }

    [Fact]
    public async Task Print_returns_the_platform_order_id()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns(AnyBody));

        var result = await client.PrintTextAsync(At, new PrintTextRequest(Mc, "x", "o1"));

        Assert.Equal(9, result.Id);
    }

    [Fact]
    public async Task Queries_return_typed_bodies()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns(AnyBody));

        Assert.Equal(new PrinterInfo { Version = "K4", PrintWidth = "58" }, await client.GetPrintInfoAsync(At, Mc));
        Assert.Equal(new PrinterVersion { Hardware = "a7", Software = "K4-WAD" }, await client.GetVersionAsync(At, Mc));
        Assert.Equal(PrintOrderState.Printed, (await client.GetOrderStatusAsync(At, Mc, 9)).State);
        Assert.Equal(3, await client.SetVoiceAsync(At, SetVoiceRequest.Mp3(Mc, "https://v.example/a.mp3", 3)));
    }

    [Fact]
    public void Speech_voice_content_is_the_documented_json_array()
    {
        var request = SetVoiceRequest.Speech(Mc, "取餐", 9, 4, 0);

        var array = JsonDocument.Parse(request.Content).RootElement;
        Assert.Equal("取餐", array[0].GetString());
        Assert.Equal(9, array[1].GetInt32());
        Assert.Equal(4, array[2].GetInt32());
        Assert.Throws<ArgumentOutOfRangeException>(() => SetVoiceRequest.Speech(Mc, "x", 5, 2, 0));
    }

    [Fact]
    public async Task Open_apps_must_name_the_printer_when_setting_a_push_url()
    {
        var handler = new FakeHttpHandler().Returns(FakeHttpHandler.EmptySuccess);
        var client = ClientFixture.Create(handler);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SetPushUrlAsync(At, new SetPushUrlRequest(PushCommand.Finish, "https://x.example", true)));
        Assert.Empty(handler.Requests);

        await ClientFixture.Create(handler, appType: YilianyunAppType.Own)
            .SetPushUrlAsync(At, new SetPushUrlRequest(PushCommand.Finish, "https://x.example", false));
        Assert.False(Assert.Single(handler.Requests).Form.ContainsKey("machine_code"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("an-origin-id-that-is-far-too-long-for-the-platform-because-it-exceeds-64-bytes")]
    public async Task Invalid_origin_ids_are_rejected_before_sending(string originId)
    {
        var handler = new FakeHttpHandler();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => ClientFixture.Create(handler).PrintTextAsync(At, new PrintTextRequest(Mc, "x", originId)));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Volume_outside_0_to_3_is_rejected_before_sending()
    {
        var handler = new FakeHttpHandler();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ClientFixture.Create(handler).SetSoundAsync(At, Mc, SoundType.Buzzer, 4));

        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public async Task Authorized_calls_require_an_access_token(string? accessToken)
    {
        var handler = new FakeHttpHandler();
        var client = ClientFixture.Create(handler);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.GetPrintStatusAsync(accessToken!, Mc));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.PrintTextAsync(accessToken!, new PrintTextRequest(Mc, "x", "o")));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => client.DeletePrinterAsync(accessToken!, Mc));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void Request_records_do_not_print_the_msign()
    {
        Assert.DoesNotContain("SECRET-MSIGN", new AddPrinterRequest(Mc, "SECRET-MSIGN").ToString(), StringComparison.Ordinal);
    }
}
