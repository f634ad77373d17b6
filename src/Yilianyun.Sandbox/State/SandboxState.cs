namespace Yilianyun.Sandbox.State;

public sealed class PrintMenu
{
    public string Name { get; set; } = "";
    public string Url { get; set; } = "";
}

/// <summary>A virtual printer and the settings the device endpoints change.</summary>
public sealed class VirtualPrinter
{
    public string MachineCode { get; set; } = "";
    public string Msign { get; set; } = "";
    public string Model { get; set; } = "K6-WH";
    public PaperWidth PaperWidth { get; set; } = PaperWidth.Mm58;
    public SandboxPrinterState State { get; set; } = SandboxPrinterState.Online;

    /// <summary>Merchant who created it on the consent page, if any.</summary>
    public string? MerchantName { get; set; }

    /// <summary>Own app the printer is bound to through addprinter (one at a time).</summary>
    public string? OwnAppClientId { get; set; }

    public string? PrintName { get; set; }
    public string? Phone { get; set; }
    public string SoundType { get; set; } = "horn";
    public int Volume { get; set; } = 2;
    public string? IconUrl { get; set; }
    public bool ButtonPrint { get; set; }
    public bool AcceptRejectButtons { get; set; }
    public Dictionary<int, string> Voices { get; set; } = [];
    public List<PrintMenu> Menus { get; set; } = [];
    public int Restarts { get; set; }
}

public enum PrintJobKind
{
    Text,
    Picture,
    Express,
}

/// <summary>Numbers as the v2 order list uses them: 0 unprinted, 1 printed, 2 cancelled.</summary>
public enum PrintJobStatus
{
    Unprinted = 0,
    Printed = 1,
    Cancelled = 2,
}

public sealed class PrintJob
{
    public long Id { get; set; }
    public string ClientId { get; set; } = "";
    public string MachineCode { get; set; } = "";
    public string OriginId { get; set; } = "";
    public PrintJobKind Kind { get; set; }
    public string Content { get; set; } = "";
    public PrintJobStatus Status { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? PrintedAt { get; set; }

    /// <summary>Set on reprints: the platform order id this job repeats.</summary>
    public long? ReprintOf { get; set; }
}

/// <summary>
/// One token pair: per (client_id, machine_code) for open apps, per client_id (machine code "") for own apps.
/// Keeps the replaced pair so the 2-hour grace and refresh-replay rules can be answered.
/// </summary>
public sealed class TokenGrant
{
    public string ClientId { get; set; } = "";
    public string MachineCode { get; set; } = "";
    public string AccessToken { get; set; } = "";

    /// <summary>Null for own-app tokens, which never expire.</summary>
    public DateTimeOffset? AccessExpiresAt { get; set; }

    public string RefreshToken { get; set; } = "";
    public DateTimeOffset RefreshExpiresAt { get; set; }
    public string? PreviousAccessToken { get; set; }
    public string? PreviousRefreshToken { get; set; }

    /// <summary>Until when the previous access token works and the previous refresh token replays.</summary>
    public DateTimeOffset? PreviousValidUntil { get; set; }
}

/// <summary>Token grants counted against the daily limit, per key (client_id or client_id/machine_code).</summary>
public sealed class DailyCounter
{
    public string Key { get; set; } = "";
    public DateOnly Day { get; set; }
    public int Count { get; set; }
}

/// <summary>A URL set with oauth/setpushurl for one kind of push.</summary>
public sealed class PushUrlSetting
{
    public string ClientId { get; set; } = "";
    public string MachineCode { get; set; } = "";
    public string Cmd { get; set; } = "";
    public string Url { get; set; } = "";
    public bool Open { get; set; }
}

/// <summary>Everything the emulator keeps; this is what the state file holds.</summary>
public sealed class SandboxStateData
{
    /// <summary>The registered apps, as configuration or the admin page gave them (the admin page's values trimmed).</summary>
    public List<SandboxAppOptions> Apps { get; set; } = [];
    public List<VirtualPrinter> Printers { get; set; } = [];
    public List<TokenGrant> Grants { get; set; } = [];
    public List<PrintJob> Jobs { get; set; } = [];
    public List<DailyCounter> Counters { get; set; } = [];
    public List<PushUrlSetting> PushUrls { get; set; } = [];

    /// <summary>Authorization codes the consent page handed out and nobody has used yet.</summary>
    public List<AuthorizationCode> Codes { get; set; } = [];

    /// <summary>Platform order ids start above int.MaxValue, as real v2 ids do, so clients must use long.</summary>
    public long NextJobId { get; set; } = 2_540_000_001;

    private SandboxIndex? _index;

    /// <summary>Lookups over the lists, built on first use.</summary>
    internal SandboxIndex Index => _index ??= SandboxIndex.Build(this);

    public VirtualPrinter? FindPrinter(string machineCode) => Index.Printer(machineCode);

    public void AddPrinter(VirtualPrinter printer)
    {
        Printers.Add(printer);
        Index.Remember(printer);
    }

    /// <summary>Ends one app's authorization of a printer: its tokens stop working and its push addresses for it go.</summary>
    public void RemoveGrant(TokenGrant grant)
    {
        Index.Forget(grant);
        Grants.Remove(grant);
        PushUrls.RemoveAll(p => p.ClientId == grant.ClientId && p.MachineCode == grant.MachineCode);
    }

    /// <summary>Adds a job and drops the printer's oldest ones beyond <paramref name="keepPerPrinter"/>.</summary>
    public void AddJob(PrintJob job, int keepPerPrinter)
    {
        Jobs.Add(job);
        Index.Remember(job);
        while (Index.JobsOf(job.MachineCode).Count > keepPerPrinter)
        {
            // The oldest jobs sit near the front of the list, so this finds them quickly.
            Jobs.Remove(Index.ForgetOldest(job.MachineCode));
        }
    }

    /// <summary>An app's jobs on one printer, oldest first.</summary>
    public IEnumerable<PrintJob> JobsOf(string machineCode, string clientId) =>
        Index.JobsOf(machineCode).Where(j => j.ClientId == clientId);
}

/// <summary>An authorization code from the consent page: single use and short-lived.</summary>
public sealed record AuthorizationCode(string Code, string ClientId, string MachineCode, DateTimeOffset ExpiresAt);
