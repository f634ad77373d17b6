namespace Yilianyun.Sandbox;

/// <summary>Which application model an emulated app follows (section 3 of the reference).</summary>
public enum SandboxAppType
{
    /// <summary>开放应用: merchants authorize per printer; one token pair per machine_code.</summary>
    Open,

    /// <summary>自有应用: client_credentials; one app token serves every printer added with addprinter.</summary>
    Own,
}

/// <summary>Printer state with the platform's numbers: 0 offline, 1 online, 2 out of paper.</summary>
public enum SandboxPrinterState
{
    Offline = 0,
    Online = 1,
    OutOfPaper = 2,
}

/// <summary>
/// An app registered on the emulated platform: from configuration, the admin page or a host, and as the state keeps
/// it. A record, so the state hands out copies (<c>with</c>) rather than its own rows.
/// </summary>
public sealed record SandboxAppOptions
{
    public string Name { get; set; } = "";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    public SandboxAppType Type { get; set; } = SandboxAppType.Open;

    /// <summary>The registered 授权回调地址; authorize requests must carry exactly this value.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>Where every kind of push goes unless <c>oauth/setpushurl</c> set a URL for that kind.</summary>
    public string? PushUrl { get; set; }
}

/// <summary>A virtual printer seeded from configuration.</summary>
public sealed class SandboxPrinterOptions
{
    public string MachineCode { get; set; } = "";
    public string Msign { get; set; } = "";
    public string Model { get; set; } = "K6-WH";
    public PaperWidth PaperWidth { get; set; } = PaperWidth.Mm58;
    public SandboxPrinterState State { get; set; } = SandboxPrinterState.Online;

    /// <summary>Own-app client_id this printer starts bound to, as if addprinter had been called.</summary>
    public string? BoundToClientId { get; set; }
}

/// <summary>
/// Settings of the emulator. The defaults follow the reference; the knobs exist where the reference
/// marks a fact uncertain or where tests need to shorten real-world delays.
/// </summary>
public sealed class SandboxOptions
{
    public List<SandboxAppOptions> Apps { get; set; } = [];
    public List<SandboxPrinterOptions> Printers { get; set; } = [];

    /// <summary>
    /// The sandbox's own address (e.g. <c>http://127.0.0.1:5090</c>), where a host that adds the listener serves the
    /// platform's paths at the root. Empty: none.
    /// </summary>
    public string? Url { get; set; }

    /// <summary>
    /// The JSON file the state is kept in: written before every answer and read at start. It holds tokens and secrets
    /// and is readable by the owner only. Empty: the state lives in memory.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>How long an unprinted job waits on an online printer before it counts as printed.</summary>
    public TimeSpan PrintDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the background clock prints due jobs. Requests and pages also process on read.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Allowed distance between a request's timestamp and the server clock; null accepts any timestamp
    /// (the platform documents no window). A timestamp outside the window fails as a sign error (11).
    /// </summary>
    public TimeSpan? TimestampSkewTolerance { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromDays(30);
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(35);
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromSeconds(600);
    public TimeSpan QrKeyLifetime { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>How long a replaced access token keeps working, and how long a used refresh token replays its result.</summary>
    public TimeSpan TokenGracePeriod { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Token grants per day: refreshes per printer (open apps), fetches + refreshes per client_id (own apps).</summary>
    public int TokenRequestsPerDay { get; set; } = 20;

    /// <summary>Offset of the calendar day the daily limits count in; the platform is in China (UTC+8).</summary>
    public TimeSpan LimitDayUtcOffset { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan IdempotenceWindow { get; set; } = TimeSpan.FromHours(2);

    /// <summary>v1 applies origin_id idempotence only when <c>idempotence=1</c> is sent; v2 unless <c>idempotence=0</c>.</summary>
    public bool IdempotenceDefaultV1 { get; set; }

    public bool IdempotenceDefaultV2 { get; set; } = true;

    /// <summary>v1 serves only the first pages of getorderpaginglist.</summary>
    public int V1OrderListMaxPages { get; set; } = 3;

    public TimeSpan PushTimeout { get; set; } = TimeSpan.FromSeconds(3);
    public int PushAttempts { get; set; } = 3;
    public TimeSpan PushRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Probe push URLs with a GET when setpushurl opens them (the platform does; tests may turn it off).</summary>
    public bool ProbePushUrls { get; set; } = true;

    /// <summary>Most menus addprintmenu accepts for one printer (error 39 above it); not documented, chosen.</summary>
    public int MaxPrintMenus { get; set; } = 10;

    /// <summary>Most receipts a printer keeps (oldest dropped first).</summary>
    public int MaxJobsPerPrinter { get; set; } = 500;

    /// <summary>Fault rules in force from start-up (latency, 5xx, dropped connections, forced error codes).</summary>
    public List<SandboxFault> Faults { get; set; } = [];
}
