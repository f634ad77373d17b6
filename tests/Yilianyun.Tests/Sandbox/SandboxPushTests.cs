using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Yilianyun.Sandbox.Push;

namespace Yilianyun.Tests.Sandbox;

/// <summary>A developer's push endpoint on its own TestServer: records what arrives, answers as told.</summary>
public sealed class PushReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private PushReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Received { get; } = new();
    public int Probes;

    /// <summary>How many POSTs to answer wrongly before answering {"data":"OK"}.</summary>
    public int FailuresBeforeOk { set => _failuresLeft = value; }

    public static async Task<PushReceiver> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new PushReceiver(app);
        app.MapGet("/push", () =>
        {
            Interlocked.Increment(ref receiver.Probes);
            return Results.Text("{\"data\":\"OK\"}", "application/json");
        });
        app.MapPost("/push", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            receiver.Received.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            return Interlocked.Decrement(ref receiver._failuresLeft) >= 0
                ? Results.Text("{\"data\":\"busy\"}", "application/json")
                : Results.Text("{\"data\":\"OK\"}", "application/json");
        }).DisableAntiforgery();
        await app.StartAsync();
        return receiver;
    }

    public void Route(IServiceCollection services) =>
        services.AddHttpClient(SandboxPushDispatcher.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => _app.GetTestServer().CreateHandler());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class SandboxPushTests
{
    private const string PushUrl = "http://receiver.example/push";

    private static Task<SandboxTestHost> StartAsync(PushReceiver receiver, bool appPushUrl = true) =>
        SandboxTestHost.StartAsync(
            o => o.Apps.ForEach(a => a.PushUrl = appPushUrl ? PushUrl : null),
            receiver.Route);

    [Fact]
    public async Task A_printed_job_pushes_a_signed_oauth_finish()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await StartAsync(receiver);
        var (access, _) = await host.AuthorizeOpenAsync();
        var print = await host.OpenCall("print/index", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "x"), ("origin_id", "push1"));

        host.Time.Advance(TimeSpan.FromSeconds(2));
        host.Services.GetRequiredService<SandboxPrinterClock>().Tick();
        await host.Services.GetRequiredService<SandboxPushDispatcher>().WhenIdleAsync();

        var push = Assert.Single(receiver.Received);
        Assert.Equal("oauth_finish", push["cmd"]);
        Assert.Equal(SandboxTestHost.PrinterA, push["machine_code"]);
        Assert.Equal(print.Body.GetProperty("id").GetString(), push["order_id"]);
        Assert.Equal("push1", push["origin_id"]);
        Assert.Equal("1", push["state"]);
        Assert.Equal(host.Timestamp, push["push_time"]);
        Assert.Equal(SandboxTestHost.Md5Sign(SandboxTestHost.OpenClientId, push["push_time"], SandboxTestHost.OpenSecret), push["sign"]);
    }

    /// <summary>
    /// Sets printer A to <paramref name="state"/> while the receiver fails <paramref name="failuresBeforeOk"/> times, and waits until
    /// the sandbox stops pushing; returns what reached the receiver and the sandbox's attempts.
    /// </summary>
    private static async Task<(IReadOnlyList<IReadOnlyDictionary<string, string>> Received, IReadOnlyList<SandboxPushAttempt> Attempts)> PushStatusAsync(
        SandboxPrinterState state, int failuresBeforeOk)
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await StartAsync(receiver);
        await host.AuthorizeOpenAsync();
        receiver.FailuresBeforeOk = failuresBeforeOk;

        host.Admin.SetPrinterState(SandboxTestHost.PrinterA, state);
        var dispatcher = host.Services.GetRequiredService<SandboxPushDispatcher>();
        await dispatcher.WhenIdleAsync();
        return ([.. receiver.Received], dispatcher.Attempts);
    }

    [Fact]
    public async Task A_push_is_retried_until_accepted_within_three_attempts()
    {
        var (received, attempts) = await PushStatusAsync(SandboxPrinterState.OutOfPaper, failuresBeforeOk: 2);

        Assert.Equal(3, received.Count);
        Assert.All(received, p => Assert.Equal(("oauth_printStatus", "2"), (p["cmd"], p["online"])));
        Assert.Equal([false, false, true], attempts.Select(a => a.Accepted));
    }

    [Fact]
    public async Task A_push_that_is_never_accepted_stops_after_three_attempts()
    {
        var (received, _) = await PushStatusAsync(SandboxPrinterState.Offline, failuresBeforeOk: 100);

        Assert.Equal(3, received.Count);
    }

    [Fact]
    public async Task A_slow_receiver_counts_as_a_failed_attempt()
    {
        await using var slowHost = await SandboxTestHost.StartAsync(o =>
        {
            o.Apps.ForEach(a => a.PushUrl = "http://slow.example/push");
            o.PushTimeout = TimeSpan.FromMilliseconds(200);
            o.PushAttempts = 2;
        }, services => services.AddHttpClient(SandboxPushDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SlowHandler(TimeSpan.FromSeconds(5))));
        await slowHost.AuthorizeOpenAsync();

        slowHost.Admin.SetPrinterState(SandboxTestHost.PrinterA, SandboxPrinterState.Offline);
        var dispatcher = slowHost.Services.GetRequiredService<SandboxPushDispatcher>();
        await dispatcher.WhenIdleAsync();

        Assert.Equal(2, dispatcher.Attempts.Count);
        Assert.All(dispatcher.Attempts, a => Assert.Equal("no answer within the timeout", a.Outcome));
    }

    [Fact]
    public async Task Setpushurl_probes_the_url_and_then_routes_that_kind_there()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await StartAsync(receiver, appPushUrl: false);
        var access = await host.AuthorizeOwnAsync();

        var set = await host.OwnCall("oauth/setpushurl", ("access_token", access), ("cmd", "oauth_printStatus"), ("url", PushUrl), ("status", "open"));
        host.Admin.SetPrinterState(SandboxTestHost.PrinterB, SandboxPrinterState.Offline);
        await host.Services.GetRequiredService<SandboxPushDispatcher>().WhenIdleAsync();
        var closed = await host.OwnCall("oauth/setpushurl", ("access_token", access), ("cmd", "oauth_printStatus"), ("url", PushUrl), ("status", "close"));
        host.Admin.SetPrinterState(SandboxTestHost.PrinterB, SandboxPrinterState.Online);
        await host.Services.GetRequiredService<SandboxPushDispatcher>().WhenIdleAsync();

        Assert.Equal(0, set.Error);
        Assert.Equal(0, closed.Error);
        Assert.Equal(1, receiver.Probes);
        var push = Assert.Single(receiver.Received);
        Assert.Equal(("oauth_printStatus", "0"), (push["cmd"], push["online"]));
        Assert.Equal(SandboxTestHost.Md5Sign(SandboxTestHost.OwnClientId, push["push_time"], SandboxTestHost.OwnSecret), push["sign"]);
    }

    [Fact]
    public async Task An_unsigned_setpushurl_answers_11_without_probing_the_url()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await StartAsync(receiver, appPushUrl: false);
        var access = await host.AuthorizeOwnAsync();
        var form = host.Signed(SandboxTestHost.OwnClientId, "not-the-secret",
            ("access_token", access), ("cmd", "oauth_finish"), ("url", PushUrl), ("status", "open"));

        var answer = await host.PostAsync("oauth/setpushurl", form);

        Assert.Equal(11, answer.Error);
        Assert.Equal(0, receiver.Probes);
    }

    [Fact]
    public async Task Setpushurl_fails_when_the_probe_is_not_answered_and_open_apps_must_name_the_printer()
    {
        await using var host = await SandboxTestHost.StartAsync(services: s => s.AddHttpClient(SandboxPushDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SlowHandler(TimeSpan.Zero)));
        var own = await host.AuthorizeOwnAsync();
        var (open, _) = await host.AuthorizeOpenAsync();

        var unanswered = await host.OwnCall("oauth/setpushurl", ("access_token", own), ("cmd", "oauth_finish"), ("url", PushUrl), ("status", "open"));
        var withoutPrinter = await host.OpenCall("oauth/setpushurl", ("access_token", open), ("cmd", "oauth_finish"), ("url", PushUrl), ("status", "close"));

        Assert.Equal(47, unanswered.Error);
        Assert.Equal(12, withoutPrinter.Error);
    }

    [Fact]
    public async Task Printer_keys_push_get_order_and_request()
    {
        await using var receiver = await PushReceiver.StartAsync();
        await using var host = await StartAsync(receiver);
        var (access, _) = await host.AuthorizeOpenAsync();
        var print = await host.OpenCall("print/index", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "<MC>1,00010,0</MC>x"), ("origin_id", "k1"));
        var clock = host.Services.GetRequiredService<SandboxPrinterClock>();

        clock.PressKey(SandboxTestHost.PrinterA, "oauth_getOrder", "1");
        clock.PressKey(SandboxTestHost.PrinterA, "oauth_request", "request2");
        await host.Services.GetRequiredService<SandboxPushDispatcher>().WhenIdleAsync();

        var getOrder = receiver.Received.Single(p => p["cmd"] == "oauth_getOrder");
        Assert.Equal((print.Body.GetProperty("id").GetString(), "1"), (getOrder["order_id"], getOrder["state"]));
        Assert.Equal("request2", receiver.Received.Single(p => p["cmd"] == "oauth_request")["state"]);
    }

    /// <summary>A push target that answers only after a delay, or with 404 right away when the delay is zero.</summary>
    private sealed class SlowHandler(TimeSpan delay) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(delay, cancellationToken);
            return new HttpResponseMessage(System.Net.HttpStatusCode.NotFound);
        }
    }
}
