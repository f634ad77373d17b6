namespace Yilianyun.Tests.Sandbox;

/// <summary>Each documented error code the emulator answers, reached with a raw signed form.</summary>
public sealed class SandboxErrorCodeTests
{
    [Fact]
    public async Task Missing_common_fields_answer_12()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var form = host.Signed(SandboxTestHost.OpenClientId, SandboxTestHost.OpenSecret).Where(f => f.Key != "sign");

        var answer = await host.PostAsync("oauth/oauth", form);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(12, answer.Error);
        Assert.Equal("缺少必要参数", answer.Json.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task Unknown_client_id_answers_2()
    {
        await using var host = await SandboxTestHost.StartAsync();

        var answer = await host.PostAsync("oauth/oauth", host.Signed("999", "whatever", ("grant_type", "client_credentials"), ("scope", "all")));

        Assert.Equal(2, answer.Error);
    }

    [Theory]
    [InlineData("not-a-uuid")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950")]
    [InlineData("0f8fad5bxd9cb-469f-a165-70867728950e")]
    [InlineData("0g8fad5b-d9cb-469f-a165-70867728950e")]
    public async Task Malformed_uuid_answers_33(string id) =>
        Assert.Equal(33, await TokenRequestErrorAsync(requestId: id));

    [Theory]
    [InlineData("0F8FAD5B-D9CB-469F-A165-70867728950E")]
    [InlineData("0f8fad5b-d9cb-969f-0165-70867728950e")]
    public async Task Upper_case_and_non_version4_uuids_are_accepted(string id) =>
        Assert.Equal(0, await TokenRequestErrorAsync(requestId: id));

    [Fact]
    public async Task Wrong_sign_answers_11_and_upper_case_sign_is_accepted()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var form = host.Signed(SandboxTestHost.OwnClientId, SandboxTestHost.OwnSecret, ("grant_type", "client_credentials"), ("scope", "all"));
        var wrong = form.Select(f => f.Key == "sign" ? new KeyValuePair<string, string>("sign", SandboxTestHost.Md5Sign(SandboxTestHost.OwnClientId, host.Timestamp, "other")) : f);
        var upper = form.Select(f => f.Key == "sign" ? new KeyValuePair<string, string>("sign", f.Value.ToUpperInvariant()) : f);

        Assert.Equal(11, (await host.PostAsync("oauth/oauth", wrong)).Error);
        Assert.Equal(0, (await host.PostAsync("oauth/oauth", upper)).Error);
    }

    [Fact]
    public async Task Stale_timestamp_answers_11_only_when_a_skew_tolerance_is_configured()
    {
        await using var strict = await SandboxTestHost.StartAsync(o => o.TimestampSkewTolerance = TimeSpan.FromMinutes(5));
        await using var permissive = await SandboxTestHost.StartAsync();
        var old = (strict.Time.GetUtcNow().ToUnixTimeSeconds() - 301).ToString(System.Globalization.CultureInfo.InvariantCulture);
        List<KeyValuePair<string, string>> form =
        [
            new("client_id", SandboxTestHost.OwnClientId),
            new("timestamp", old),
            new("id", Guid.NewGuid().ToString()),
            new("sign", SandboxTestHost.Md5Sign(SandboxTestHost.OwnClientId, old, SandboxTestHost.OwnSecret)),
            new("grant_type", "client_credentials"),
            new("scope", "all"),
        ];

        Assert.Equal(11, (await strict.PostAsync("oauth/oauth", form)).Error);
        Assert.Equal(0, (await permissive.PostAsync("oauth/oauth", form)).Error);
    }

    [Fact]
    public async Task Unencoded_ampersand_in_content_answers_11_as_the_vendor_faq_says()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        var signed = host.Signed(SandboxTestHost.OpenClientId, SandboxTestHost.OpenSecret,
            ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("origin_id", "amp1"));
        var body = string.Join("&", signed.Select(f => f.Key + "=" + Uri.EscapeDataString(f.Value))) + "&content=fish & chips";

        var answer = await host.PostRawAsync("print/index", body);

        Assert.Equal(11, answer.Error);
    }

    [Fact]
    public async Task Scope_missing_answers_27()
    {
        await using var host = await SandboxTestHost.StartAsync();

        var answer = await host.OwnCall("oauth/oauth", ("grant_type", "client_credentials"));

        Assert.Equal(27, answer.Error);
    }

    [Fact]
    public async Task Wrong_or_spent_authorization_code_answers_6()
    {
        await using var host = await SandboxTestHost.StartAsync();

        var answer = await host.OpenCall("oauth/oauth", ("grant_type", "authorization_code"), ("code", "nonsense"), ("scope", "all"));

        Assert.Equal(6, answer.Error);
    }

    [Fact]
    public async Task Wrong_access_token_answers_18()
    {
        await using var host = await SandboxTestHost.StartAsync();
        await host.AuthorizeOpenAsync();

        var answer = await host.OpenCall("printer/getprintstatus", ("access_token", "0123456789abcdef0123456789abcdef"), ("machine_code", SandboxTestHost.PrinterA));

        Assert.Equal(18, answer.Error);
    }

    [Fact]
    public async Task App_type_mismatches_answer_31()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (openAccess, _) = await host.AuthorizeOpenAsync();

        var ownScans = await host.OwnCall("oauth/scancodemodel", ("machine_code", SandboxTestHost.PrinterA), ("msign", SandboxTestHost.MsignA), ("scope", "all"));
        var ownCode = await host.OwnCall("oauth/oauth", ("grant_type", "authorization_code"), ("code", "x"), ("scope", "all"));
        var openCredentials = await host.OpenCall("oauth/oauth", ("grant_type", "client_credentials"), ("scope", "all"));
        var openAdds = await host.OpenCall("printer/addprinter", ("access_token", openAccess), ("machine_code", SandboxTestHost.PrinterB), ("msign", SandboxTestHost.MsignB));

        Assert.All(new[] { ownScans, ownCode, openCredentials, openAdds }, a => Assert.Equal(31, a.Error));
    }

    [Fact]
    public async Task Addprinter_with_wrong_msign_answers_35_and_a_bound_printer_answers_17()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var access = await host.AuthorizeOwnAsync(SandboxTestHost.PrinterB, SandboxTestHost.MsignB);

        var wrongKey = await host.OwnCall("printer/addprinter", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("msign", "wrong"));
        var unknown = await host.OwnCall("printer/addprinter", ("access_token", access), ("machine_code", "999"), ("msign", "x"));
        var again = await host.OwnCall("printer/addprinter", ("access_token", access), ("machine_code", SandboxTestHost.PrinterB), ("msign", SandboxTestHost.MsignB));

        Assert.Equal(35, wrongKey.Error);
        Assert.Equal(35, unknown.Error);
        Assert.Equal(17, again.Error);
    }

    [Fact]
    public async Task Scan_code_with_empty_fields_answers_29_and_wrong_key_30()
    {
        await using var host = await SandboxTestHost.StartAsync();

        var empty = await host.OpenCall("oauth/scancodemodel", ("machine_code", SandboxTestHost.PrinterA), ("scope", "all"));
        var wrong = await host.OpenCall("oauth/scancodemodel", ("machine_code", SandboxTestHost.PrinterA), ("qr_key", "deadbeef"), ("scope", "all"));

        Assert.Equal(29, empty.Error);
        Assert.Equal(30, wrong.Error);
    }

    [Fact]
    public async Task Qr_key_works_for_its_window_and_the_next_then_answers_30()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var key = host.Admin.CurrentQrKey(SandboxTestHost.PrinterA)!.Value.Key;

        host.Time.Advance(TimeSpan.FromSeconds(300));
        var stillValid = await host.OpenCall("oauth/scancodemodel", ("machine_code", SandboxTestHost.PrinterA), ("qr_key", key), ("scope", "all"));
        host.Time.Advance(TimeSpan.FromSeconds(300));
        var rotated = await host.OpenCall("oauth/scancodemodel", ("machine_code", SandboxTestHost.PrinterA), ("qr_key", key), ("scope", "all"));

        Assert.Equal(0, stillValid.Error);
        Assert.Equal(30, rotated.Error);
        Assert.NotEqual(key, host.Admin.CurrentQrKey(SandboxTestHost.PrinterA)!.Value.Key);
    }

    [Fact]
    public async Task Open_token_used_for_another_printer_answers_10_and_unbound_own_printer_8()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (openAccess, _) = await host.AuthorizeOpenAsync(SandboxTestHost.PrinterA, SandboxTestHost.MsignA);
        var ownAccess = await host.AuthorizeOwnAsync(SandboxTestHost.PrinterB, SandboxTestHost.MsignB);

        var open = await host.OpenCall("printer/getprintstatus", ("access_token", openAccess), ("machine_code", SandboxTestHost.PrinterB));
        var own = await host.OwnCall("printer/getprintstatus", ("access_token", ownAccess), ("machine_code", SandboxTestHost.PrinterA));

        Assert.Equal(10, open.Error);
        Assert.Equal(8, own.Error);
    }

    [Theory]
    [InlineData("printer/setsound", "response_type=buzzer;voice=7", 22)]
    [InlineData("printer/setsound", "response_type=loud;voice=1", 22)]
    [InlineData("printer/shutdownrestart", "response_type=reboot", 21)]
    [InlineData("printer/seticon", "img_url=not a url", 28)]
    [InlineData("printer/btnprint", "response_type=open", 36)]
    [InlineData("printer/getorder", "response_type=btnopen", 32)]
    [InlineData("printmenu/addprintmenu", "content={\"a\":1}", 38)]
    [InlineData("printmenu/addprintmenu", "content=[[\"a\",\"http://x\"],[\"a\",\"http://y\"]]", 40)]
    [InlineData("printmenu/addprintmenu", "content=[[\"a\"]]", 37)]
    [InlineData("pictureprint/index", "picture_url=http://img.example/a.gif;origin_id=p1", 46)]
    [InlineData("expressprint/index", "content={\"ShipperCode\":\"SF\"};origin_id=e1", 42)]
    [InlineData("print/index", "content=hi;origin_id=has-dash", 13)]
    [InlineData("printer/cancelone", "order_id=123", 24)]
    [InlineData("printer/getorderstatus", "order_id=123", 47)]
    [InlineData("printer/setvoice", "content=x;is_file=maybe;aid=1", 47)]
    [InlineData("print/index", "origin_id=x1", 12)]
    public async Task Device_calls_with_bad_arguments_answer_their_codes(string path, string fields, int expected)
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        var extra = fields.Split(';').Select(f => f.Split('=', 2)).Select(p => (p[0], p[1]));

        var answer = await host.OpenCall(path, [("access_token", access), ("machine_code", SandboxTestHost.PrinterA), .. extra]);

        Assert.Equal(expected, answer.Error);
    }

    [Fact]
    public async Task Too_many_menus_answer_39()
    {
        await using var host = await SandboxTestHost.StartAsync(o => o.MaxPrintMenus = 2);
        var (access, _) = await host.AuthorizeOpenAsync();
        const string menus = "[[\"a\",\"http%3A%2F%2Fa\"],[\"b\",\"http%3A%2F%2Fb\"],[\"c\",\"http%3A%2F%2Fc\"]]";

        var answer = await host.OpenCall("printmenu/addprintmenu", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", menus));

        Assert.Equal(39, answer.Error);
    }

    [Fact]
    public async Task Waybill_with_unknown_shipper_answers_43_on_a_K5_and_pictures_on_models_without_support_48()
    {
        await using var host = await SandboxTestHost.StartAsync(o =>
            o.Printers.Add(new SandboxPrinterOptions { MachineCode = "4004000009", Msign = "m9", Model = "K4-WA" }));
        var (k5, _) = await host.AuthorizeOpenAsync(SandboxTestHost.PrinterK5, SandboxTestHost.MsignK5);
        var (k4, _) = await host.AuthorizeOpenAsync("4004000009", "m9");

        var shipper = await host.OpenCall("expressprint/index", ("access_token", k5), ("machine_code", SandboxTestHost.PrinterK5),
            ("content", "{\"ShipperCode\":\"NOPE\"}"), ("origin_id", "w1"));
        var picture = await host.OpenCall("pictureprint/index", ("access_token", k4), ("machine_code", "4004000009"),
            ("picture_url", "https://img.example/logo.png"), ("origin_id", "p1"));

        Assert.Equal(43, shipper.Error);
        Assert.Equal(48, picture.Error);
    }

    [Fact]
    public async Task Unknown_grant_type_answers_1()
    {
        await using var host = await SandboxTestHost.StartAsync();

        var answer = await host.OwnCall("oauth/oauth", ("grant_type", "password"), ("scope", "all"));

        Assert.Equal(1, answer.Error);
    }

    [Fact]
    public async Task Setpushurl_with_a_bad_cmd_answers_47_with_the_detail_in_body()
    {
        await using var host = await SandboxTestHost.StartAsync(o => o.ProbePushUrls = false);
        var access = await host.AuthorizeOwnAsync();

        var answer = await host.OwnCall("oauth/setpushurl", ("access_token", access), ("cmd", "oauth_nope"), ("url", "https://x.example/p"), ("status", "open"));

        Assert.Equal(47, answer.Error);
        Assert.Contains("cmd", answer.Body.GetString());
    }

    [Fact]
    public async Task Empty_and_garbage_bodies_get_envelopes_not_server_errors()
    {
        await using var host = await SandboxTestHost.StartAsync();

        var empty = await host.PostRawAsync("print/index", "");
        var garbage = await host.PostRawAsync("v2/print/index", "%%%=%zz&=&&client_id=%E4%B8");

        Assert.Equal(HttpStatusCode.OK, empty.Status);
        Assert.Equal(12, empty.Error);
        Assert.Equal(HttpStatusCode.OK, garbage.Status);
        Assert.Equal(11, garbage.Error);
    }

    /// <summary>The error of an own-app token request, well signed, whose <c>id</c> (the request's uuid) is <paramref name="requestId"/>.</summary>
    private static async Task<int> TokenRequestErrorAsync(string requestId)
    {
        await using var host = await SandboxTestHost.StartAsync();
        var form = host.Signed(SandboxTestHost.OwnClientId, SandboxTestHost.OwnSecret, ("grant_type", "client_credentials"), ("scope", "all"))
            .Select(f => f.Key == "id" ? new KeyValuePair<string, string>("id", requestId) : f);
        return (await host.PostAsync("oauth/oauth", form)).Error;
    }
}
