using System.Globalization;

namespace Yilianyun.Tests.Sandbox;

/// <summary>
/// The sandbox hosted alone on a TestServer under <c>/sandbox</c>, with a fake clock, one open app, one own app
/// and two printers. Requests are signed here with MD5 directly, independent of the code under test.
/// </summary>
public sealed class SandboxTestHost : IAsyncDisposable
{
    public const string OpenClientId = "1000000001";
    public const string OpenSecret = "open-secret-0123456789abcdef";
    public const string OwnClientId = "1000000002";
    public const string OwnSecret = "own-secret-fedcba9876543210";
    public const string RedirectUri = "https://merchant.example/callback?from=sandbox";
    public const string PrinterA = "4004000001";
    public const string MsignA = "msignA12345";
    public const string PrinterB = "4004000002";
    public const string MsignB = "msignB67890";
    public const string PrinterK5 = "4004000005";
    public const string MsignK5 = "msignK5555";

    private readonly WebApplication _app;

    private SandboxTestHost(WebApplication app, FakeTimeProvider time, bool loopback)
    {
        _app = app;
        Time = time;
        BaseAddress = loopback ? new Uri(app.Urls.First()) : app.GetTestServer().BaseAddress;
        Client = loopback ? new HttpClient { BaseAddress = BaseAddress } : app.GetTestClient();
    }

    /// <summary>Where the host listens: a loopback port with Kestrel, or the TestServer's in-memory address.</summary>
    public Uri BaseAddress { get; }

    public FakeTimeProvider Time { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;
    public TestServer Server => (TestServer)Services.GetRequiredService<IServer>();
    public SandboxJournal Journal => Services.GetRequiredService<SandboxJournal>();
    public SandboxFaults Faults => Services.GetRequiredService<SandboxFaults>();
    public SandboxAdmin Admin => Services.GetRequiredService<SandboxAdmin>();

    public static async Task<SandboxTestHost> StartAsync(
        Action<SandboxOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        bool loopback = false)
    {
        var builder = WebApplication.CreateBuilder();
        if (loopback)
        {
            // Real sockets: an aborted response reaches the client as a connection error, as on the network.
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders();
        // 10:00 in Beijing, so adding 14 hours crosses the platform's midnight.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddYilianyunSandbox(options =>
        {
            options.Apps.Add(new SandboxAppOptions
            {
                Name = "测试开放应用 Test open app", ClientId = OpenClientId, ClientSecret = OpenSecret,
                Type = SandboxAppType.Open, RedirectUri = RedirectUri,
            });
            options.Apps.Add(new SandboxAppOptions
            {
                Name = "Own app", ClientId = OwnClientId, ClientSecret = OwnSecret, Type = SandboxAppType.Own,
            });
            options.Printers.Add(new SandboxPrinterOptions { MachineCode = PrinterA, Msign = MsignA });
            options.Printers.Add(new SandboxPrinterOptions { MachineCode = PrinterB, Msign = MsignB, PaperWidth = PaperWidth.Mm80 });
            options.Printers.Add(new SandboxPrinterOptions { MachineCode = PrinterK5, Msign = MsignK5, Model = "K5" });
            options.PushRetryDelay = TimeSpan.Zero;
            options.PushTimeout = TimeSpan.FromSeconds(2);
            configure?.Invoke(options);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapYilianyunSandbox("/sandbox");
        await app.StartAsync();
        return new SandboxTestHost(app, time, loopback);
    }

    public static string Md5Sign(string clientId, string timestamp, string secret) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(clientId + timestamp + secret)));

    public string Timestamp => Time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The common signed fields for an app, followed by the call's own fields.</summary>
    public List<KeyValuePair<string, string>> Signed(string clientId, string secret, params (string Key, string Value)[] fields)
    {
        var timestamp = Timestamp;
        List<KeyValuePair<string, string>> form =
        [
            new("client_id", clientId),
            new("timestamp", timestamp),
            new("id", Guid.NewGuid().ToString()),
            new("sign", Md5Sign(clientId, timestamp, secret)),
        ];
        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));
        return form;
    }

    public Task<Answer> OpenCall(string path, params (string Key, string Value)[] fields) =>
        PostAsync(path, Signed(OpenClientId, OpenSecret, fields));

    public Task<Answer> OwnCall(string path, params (string Key, string Value)[] fields) =>
        PostAsync(path, Signed(OwnClientId, OwnSecret, fields));

    /// <summary>POSTs a form to <c>/sandbox/{path}</c> (prefix the path with <c>v2/</c> for the v2 dialect).</summary>
    public async Task<Answer> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var content = new FormUrlEncodedContent(form);
        return await SendRawAsync(path, content);
    }

    public async Task<Answer> PostRawAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded");
        return await SendRawAsync(path, content);
    }

    private async Task<Answer> SendRawAsync(string path, HttpContent content)
    {
        using var response = await Client.PostAsync("/sandbox/" + path, content);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, text);
    }

    /// <summary>Authorizes <paramref name="machineCode"/> for the open app through the scan-code grant with msign.</summary>
    public async Task<(string Access, string Refresh)> AuthorizeOpenAsync(string machineCode = PrinterA, string msign = MsignA)
    {
        var answer = await OpenCall("oauth/scancodemodel", ("machine_code", machineCode), ("msign", msign), ("scope", "all"));
        Assert.Equal("0", answer.ErrorText);
        return (answer.Body.GetProperty("access_token").GetString()!, answer.Body.GetProperty("refresh_token").GetString()!);
    }

    /// <summary>Fetches the own app's token and binds <paramref name="machineCode"/> with addprinter.</summary>
    public async Task<string> AuthorizeOwnAsync(string machineCode = PrinterB, string msign = MsignB)
    {
        var token = await OwnCall("oauth/oauth", ("grant_type", "client_credentials"), ("scope", "all"));
        Assert.Equal("0", token.ErrorText);
        var access = token.Body.GetProperty("access_token").GetString()!;
        var added = await OwnCall("printer/addprinter", ("access_token", access), ("machine_code", machineCode), ("msign", msign));
        Assert.Equal("0", added.ErrorText);
        return access;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A raw answer: status, text, and the envelope fields read without assuming a dialect.</summary>
public sealed class Answer
{
    public Answer(HttpStatusCode status, string text)
    {
        Status = status;
        Text = text;
        if (status == HttpStatusCode.OK && text.Length > 0)
        {
            Json = JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    public HttpStatusCode Status { get; }
    public string Text { get; }
    public JsonElement Json { get; }

    /// <summary>The error field as text, whatever its JSON type ("0" in v1, 0 in v2).</summary>
    public string ErrorText => Json.GetProperty("error").ValueKind == JsonValueKind.String
        ? Json.GetProperty("error").GetString()!
        : Json.GetProperty("error").GetRawText();

    public int Error => int.Parse(ErrorText, CultureInfo.InvariantCulture);

    public JsonElement Body => Json.GetProperty("body");
}
