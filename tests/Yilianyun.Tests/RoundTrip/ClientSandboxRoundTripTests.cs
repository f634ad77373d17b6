using Yilianyun.Tests.Sandbox;

namespace Yilianyun.Tests.RoundTrip;

/// <summary>The typed client (src/Yilianyun) against the sandbox, in memory, for every call and both dialects.</summary>
public sealed class ClientSandboxRoundTripTests
{
    private static IYilianyunClient Client(SandboxTestHost host, string dialect, YilianyunAppType type, bool loopback = false)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(host.Time);
        var builder = services.AddYilianyunClient(o =>
        {
            o.BaseUrl = new Uri(host.BaseAddress, "/sandbox" + dialect).ToString();
            o.ClientId = type == YilianyunAppType.Open ? SandboxTestHost.OpenClientId : SandboxTestHost.OwnClientId;
            o.ClientSecret = type == YilianyunAppType.Open ? SandboxTestHost.OpenSecret : SandboxTestHost.OwnSecret;
            o.AppType = type;
            o.RetryBaseDelay = TimeSpan.Zero;
        });
        if (!loopback)
        {
            builder.ConfigurePrimaryHttpMessageHandler(() => host.Server.CreateHandler());
        }

        return services.BuildServiceProvider().GetRequiredService<IYilianyunClient>();
    }

    public static TheoryData<string> Dialects => ["", "/v2"];

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Open_app_consent_code_refresh_and_revoke(string dialect)
    {
        await using var host = await SandboxTestHost.StartAsync();
        var client = Client(host, dialect, YilianyunAppType.Open);
        var authorizeUrl = client.BuildAuthorizeUrl(SandboxTestHost.RedirectUri, "st8");
        using var browser = new HttpClient(host.Server.CreateHandler()) { BaseAddress = host.Server.BaseAddress };

        var page = await browser.GetAsync(authorizeUrl);
        using var approved = await browser.PostAsync(dialect.Length == 0 ? "/sandbox/oauth/authorize" : "/sandbox/v2/oauth/authorize",
            new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["response_type"] = "code", ["client_id"] = SandboxTestHost.OpenClientId, ["redirect_uri"] = SandboxTestHost.RedirectUri,
                ["state"] = "st8", ["merchant"] = "m", ["machine_code"] = SandboxTestHost.PrinterA, ["decision"] = "approve",
            }));
        var code = approved.Headers.Location!.Query.Split('&').Single(p => p.StartsWith("code=", StringComparison.Ordinal))[5..];
        var grant = await client.GetTokenByAuthorizationCodeAsync(code);
        var refreshed = await client.RefreshTokenAsync(grant.RefreshToken);
        var status = await client.GetPrintStatusAsync(refreshed.AccessToken, SandboxTestHost.PrinterA);
        await client.DeletePrinterAsync(refreshed.AccessToken, SandboxTestHost.PrinterA);
        var revoked = await Assert.ThrowsAsync<YilianyunException>(() => client.GetPrintStatusAsync(refreshed.AccessToken, SandboxTestHost.PrinterA));
        var reused = await Assert.ThrowsAsync<YilianyunException>(() => client.GetTokenByAuthorizationCodeAsync(code));

        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(SandboxTestHost.PrinterA, grant.MachineCode);
        Assert.Equal(host.Time.GetUtcNow() + TimeSpan.FromDays(30), grant.AccessTokenExpiresAt);
        Assert.NotEqual(grant.AccessToken, refreshed.AccessToken);
        Assert.Equal(PrinterState.Online, status.State);
        Assert.True(revoked.Error.IsAccessTokenExpired);
        Assert.True(reused.Error.IsAuthorizationCodeInvalid);
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Every_printer_and_print_call(string dialect)
    {
        await using var host = await SandboxTestHost.StartAsync(o => o.ProbePushUrls = false);
        var client = Client(host, dialect, YilianyunAppType.Open);
        var key = host.Admin.CurrentQrKey(SandboxTestHost.PrinterA)!.Value.Key;
        var access = (await client.AuthorizeByQrKeyAsync(SandboxTestHost.PrinterA, key)).AccessToken;
        var k5 = (await client.AuthorizeByMsignAsync(SandboxTestHost.PrinterK5, SandboxTestHost.MsignK5)).AccessToken;
        const string a = SandboxTestHost.PrinterA;

        var printed = await client.PrintTextAsync(access, new PrintTextRequest(a, "<center>往返 round trip</center>\n<QR>x</QR>", "rt1"));
        var again = await client.PrintTextAsync(access, new PrintTextRequest(a, "<center>往返 round trip</center>", "rt1"));
        var picture = await client.PrintPictureAsync(access, new PrintPictureRequest(a, "https://img.example/p.png", "rt2"));
        var waybill = await client.PrintExpressAsync(k5, new PrintExpressRequest(SandboxTestHost.PrinterK5, "{\"ShipperCode\":\"SF\",\"OrderCode\":\"1\"}", "rt3"));
        host.Time.Advance(TimeSpan.FromSeconds(2));
        var orderStatus = await client.GetOrderStatusAsync(access, a, printed.Id);
        host.Admin.SetPrinterState(a, SandboxPrinterState.Offline);
        var held = await client.PrintTextAsync(access, new PrintTextRequest(a, "held", "rt4"));
        await client.CancelOneAsync(access, a, held.Id);
        var nothing = await Assert.ThrowsAsync<YilianyunException>(() => client.CancelOneAsync(access, a, held.Id));
        await client.CancelAllAsync(access, a);
        host.Admin.SetPrinterState(a, SandboxPrinterState.Online);
        await client.ReprintOrderAsync(access, a, printed.Id);
        var list = await client.GetOrderPagingListAsync(access, a, 1, 10);
        var info = await client.GetPrintInfoAsync(access, a);
        var version = await client.GetVersionAsync(access, a);
        await client.SetSoundAsync(access, a, SoundType.Horn, 2);
        await client.SetIconAsync(access, a, "https://img.example/logo.png");
        await client.DeleteIconAsync(access, a);
        await client.SetButtonPrintAsync(access, a, true);
        await client.SetOrderConfirmationAsync(access, a, true);
        var aid = await client.SetVoiceAsync(access, SetVoiceRequest.Speech(a, "新订单", 5, 0, 2));
        await client.DeleteVoiceAsync(access, a, aid);
        await client.AddPrintMenuAsync(access, a, [new PrintMenuItem("接单", "https://m.example/accept?x=1&y=2")]);
        await client.SetPushUrlAsync(access, new SetPushUrlRequest(PushCommand.Finish, "https://push.example/p", true) { MachineCode = a });
        await client.ShutdownRestartAsync(access, a, PowerAction.Restart);
        var status = await client.GetPrintStatusAsync(access, a);

        Assert.Equal(printed.Id, again.Id);
        Assert.True(printed.Id > int.MaxValue);
        Assert.NotEqual(printed.Id, picture.Id);
        Assert.Equal("rt3", waybill.OriginId);
        Assert.Equal(PrintOrderState.Printed, orderStatus.State);
        Assert.True(nothing.Error.IsNothingToCancel);
        Assert.Equal(["rt1", "rt4", "rt2", "rt1"], list.Select(o => o.OriginId));
        Assert.Equal(PrintOrderState.Printed, list[^1].State);
        Assert.Equal(("K6-WH", "58"), (info.Version, info.PrintWidth));
        Assert.Equal("K6-WH", version.Software);
        Assert.Equal(2, aid);
        Assert.Equal(PrinterState.Online, status.State);
        var printer = host.Services.GetRequiredService<Yilianyun.Sandbox.State.SandboxStore>().Read(d => d.Printers.Single(p => p.MachineCode == a));
        Assert.Equal("https://m.example/accept?x=1&y=2", Assert.Single(printer.Menus).Url);
        Assert.Equal(("horn", 2, true, true), (printer.SoundType, printer.Volume, printer.ButtonPrint, printer.AcceptRejectButtons));
    }

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task Own_app_token_addprinter_and_limit(string dialect)
    {
        await using var host = await SandboxTestHost.StartAsync(o => o.TokenRequestsPerDay = 2);
        var client = Client(host, dialect, YilianyunAppType.Own);

        var grant = await client.GetTokenByClientCredentialsAsync();
        await client.AddPrinterAsync(grant.AccessToken, new AddPrinterRequest(SandboxTestHost.PrinterB, SandboxTestHost.MsignB) { PrintName = "前台" });
        var bound = await Assert.ThrowsAsync<YilianyunException>(() =>
            client.AddPrinterAsync(grant.AccessToken, new AddPrinterRequest(SandboxTestHost.PrinterB, SandboxTestHost.MsignB)));
        var wrongKey = await Assert.ThrowsAsync<YilianyunException>(() =>
            client.AddPrinterAsync(grant.AccessToken, new AddPrinterRequest(SandboxTestHost.PrinterA, "nope")));
        await client.RefreshTokenAsync(grant.RefreshToken);
        var limit = await Assert.ThrowsAsync<YilianyunException>(() => client.GetTokenByClientCredentialsAsync());
        var printed = await client.PrintTextAsync(grant.AccessToken, new PrintTextRequest(SandboxTestHost.PrinterB, "own", "own1"));

        Assert.Null(grant.AccessTokenExpiresAt);
        Assert.True(bound.Error.IsPrinterAlreadyBound);
        Assert.True(wrongKey.Error.IsPrinterKeyWrong);
        Assert.True(limit.Error.IsLimitReached);
        Assert.True(printed.Id > 0);
    }

    [Fact]
    public async Task A_dropped_print_answer_is_retried_by_the_client_and_prints_once()
    {
        await using var host = await SandboxTestHost.StartAsync(loopback: true);
        var client = Client(host, "/v2", YilianyunAppType.Open, loopback: true);
        var access = (await client.AuthorizeByMsignAsync(SandboxTestHost.PrinterA, SandboxTestHost.MsignA)).AccessToken;
        host.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });

        var printed = await client.PrintTextAsync(access, new PrintTextRequest(SandboxTestHost.PrinterA, "once", "drop-rt"));

        var job = Assert.Single(host.Admin.Jobs(SandboxTestHost.PrinterA));
        Assert.Equal(job.Id, printed.Id);
        Assert.Equal([true, false], host.Journal.Entries.Where(e => e.Path == "print/index").Select(e => e.Dropped));
    }

    [Fact]
    public async Task A_dropped_token_grant_is_not_retried()
    {
        await using var host = await SandboxTestHost.StartAsync(loopback: true);
        var client = Client(host, "", YilianyunAppType.Own, loopback: true);
        host.Faults.Add(new SandboxFault { Path = "oauth/oauth", DropResponse = true, Times = 1 });

        var failure = await Assert.ThrowsAsync<YilianyunException>(() => client.GetTokenByClientCredentialsAsync());

        Assert.True(failure.Error.IsTransport);
        Assert.Single(host.Journal.Entries, e => e.Path == "oauth/oauth");
    }

    [Fact]
    public async Task Server_errors_on_queries_are_retried_until_the_sandbox_answers()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var client = Client(host, "", YilianyunAppType.Open);
        var access = (await client.AuthorizeByMsignAsync(SandboxTestHost.PrinterA, SandboxTestHost.MsignA)).AccessToken;
        host.Faults.Add(new SandboxFault { Path = "printer/getprintstatus", ServerErrorRate = 1, Times = 2 });

        var status = await client.GetPrintStatusAsync(access, SandboxTestHost.PrinterA);

        Assert.Equal(PrinterState.Online, status.State);
        Assert.Equal([503, 503, 200], host.Journal.Entries.Where(e => e.Path == "printer/getprintstatus").Select(e => e.HttpStatus));
    }
}
