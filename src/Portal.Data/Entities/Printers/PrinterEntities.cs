using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities.Printers;

/// <summary>开放应用 (merchants authorize, one token pair per printer) or 自有应用 (one app token, printers added by key).</summary>
public enum PrinterAppKind
{
    Open = 0,
    Own = 1,
}

/// <summary>
/// A 易联云 app the portal signs requests with. Platform apps (no tenant) come from configuration or the operators'
/// Apps page; a tenant's own app (<see cref="TenantId"/> set) was brought by its Owners and only that tenant connects
/// printers through it. The secret and the own-app token are Data Protection ciphertexts, never plain text.
/// </summary>
public class PrinterApp
{
    public Guid Id { get; set; }

    /// <summary>Null for platform apps; the owning tenant for an app a tenant brought itself.</summary>
    public Guid? TenantId { get; set; }

    [MaxLength(100)]
    public required string Name { get; set; }

    [MaxLength(64)]
    public required string ClientId { get; set; }

    public required string ProtectedSecret { get; set; }

    public PrinterAppKind Kind { get; set; }

    /// <summary>The callback registered with the platform (open apps). Root-relative when the sandbox shares the portal's origin.</summary>
    [MaxLength(500)]
    public string? RedirectUri { get; set; }

    /// <summary>True for the app configured under <c>Yilianyun:*</c>; kept in step with the configuration at start-up.</summary>
    public bool FromConfiguration { get; set; }

    /// <summary>Own apps: the one app token (it never expires), fetched once and kept encrypted.</summary>
    public string? ProtectedAppToken { get; set; }

    public DateTimeOffset? AppTokenFetchedAt { get; set; }

    /// <summary>Own apps: when the portal's push URLs were last registered with <c>oauth/setpushurl</c>.</summary>
    public DateTimeOffset? PushUrlsRegisteredAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum PrinterConnectionKind
{
    Authorized = 0,
    TerminalKey = 1,
    ScanCode = 2,
}

/// <summary>The stored state of a printer's tokens; "expiring soon" is derived from the access expiry.</summary>
public enum PrinterTokenState
{
    Active = 0,
    RefreshFailed = 1,
    NeedsReauthorization = 2,
    LimitReached = 3,
    Revoked = 4,
}

/// <summary>Last known device state from <c>printer/getprintstatus</c>.</summary>
public enum PrinterOnlineState
{
    Unknown = -1,
    Offline = 0,
    Online = 1,
    OutOfPaper = 2,
}

/// <summary>
/// A printer bound to a tenant. Open-app printers hold their own token pair (ciphertext); own-app printers use the
/// app token. <see cref="Version"/> is the concurrency token the refresh lease compares and swaps, so two
/// instances never send the same refresh token twice.
/// </summary>
public class Printer : TenantOwned<Guid>
{
    public Guid AppId { get; set; }

    [MaxLength(32)]
    public required string MachineCode { get; set; }

    [MaxLength(100)]
    public required string Name { get; set; }

    public PrinterConnectionKind ConnectionKind { get; set; }

    public PrinterOnlineState OnlineState { get; set; } = PrinterOnlineState.Unknown;

    public DateTimeOffset? OnlineCheckedAt { get; set; }

    public PrinterTokenState TokenState { get; set; }

    public string? ProtectedAccessToken { get; set; }

    public string? ProtectedRefreshToken { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }

    public DateTimeOffset? AccessExpiresAt { get; set; }

    public DateTimeOffset? RefreshExpiresAt { get; set; }

    public DateTimeOffset? LastRefreshAt { get; set; }

    /// <summary>When the refresher should next rotate the pair (null: never, e.g. own-app printers or dead tokens).</summary>
    public DateTimeOffset? NextRefreshAt { get; set; }

    /// <summary>The platform's limit day (midnight Beijing time) that <see cref="RefreshesToday"/> counts.</summary>
    public int RefreshDay { get; set; }

    public int RefreshesToday { get; set; }

    /// <summary>Set while one instance holds the refresh lease; a lease older than this is considered abandoned.</summary>
    public DateTimeOffset? RefreshLeaseUntil { get; set; }

    public Guid Version { get; set; }

    /// <summary>
    /// Set (by the migration that made one company the only holder of a printer) on a live row whose printer another
    /// live row already held: such a row does not count as the holder until an operator resolves the pair (Printer
    /// health). Null on every row connected since.
    /// </summary>
    public DateTimeOffset? HeldTwiceSince { get; set; }

    [MaxLength(64)]
    public string? Model { get; set; }

    [MaxLength(16)]
    public string? PaperWidth { get; set; }

    [MaxLength(64)]
    public string? Firmware { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Open-app printers: when the portal's push URLs were last registered with this printer's token.</summary>
    public DateTimeOffset? PushUrlsRegisteredAt { get; set; }

    public PrinterApp? App { get; set; }
}

public enum PrinterTokenEventKind
{
    Issued = 0,
    Refreshed = 1,
    RefreshFailed = 2,
    Reauthorized = 3,
    Revoked = 4,
    NeedsReauthorization = 5,
    LimitReached = 6,
    ResponseLost = 7,
    /// <summary>After a revocation the old token was tried once and the platform refused it: the proof.</summary>
    RevokeVerified = 8,
    /// <summary>After a revocation the old token still worked, or the check got no answer: a warning.</summary>
    RevokeNotVerified = 9,
    /// <summary>An operator emailed the company's Owners and Admins the link that re-authorizes the printer.</summary>
    ReauthorizationRequested = 10,
    /// <summary>Another company tried to connect this printer and was refused (it is not named).</summary>
    ConnectAttempted = 11,
    /// <summary>A platform operator moved the printer to another company, or ended its holding by another company.</summary>
    Moved = 12,
}

/// <summary>One transition of a printer's tokens, with who or what caused it, for the printer page's timeline.</summary>
public class PrinterTokenEvent : TenantEvent
{
    public Guid PrinterId { get; set; }

    public PrinterTokenEventKind Kind { get; set; }

    /// <summary>The one way a printer's timeline gets an entry (connecting, refreshing, revoking, an operator's request).</summary>
    /// <param name="actorName">The acting person, or null when the system acted.</param>
    public static PrinterTokenEvent Of(Guid tenantId, Guid printerId, PrinterTokenEventKind kind, DateTimeOffset at, string? actorName, string? detail) => new()
    {
        TenantId = tenantId,
        PrinterId = printerId,
        At = at,
        Kind = kind,
        ActorName = actorName,
        Detail = Shorten(detail),
    };
}

/// <summary>
/// What the portal last set for one of a printer's device settings. The platform has no call that reads them back, so
/// this is the only record of how a printer was set up (changes made elsewhere, e.g. by another app, do not show).
/// </summary>
public class PrinterSettingValue : TenantOwned<long>
{
    public Guid PrinterId { get; set; }

    /// <summary>Which setting: one of <c>PrinterSettingKeys</c> (a voice has one per slot).</summary>
    [MaxLength(32)]
    public required string Setting { get; set; }

    /// <summary>What was set, as an audit detail sentence (shown in the reader's language).</summary>
    [MaxLength(1000)]
    public required string Detail { get; set; }

    /// <summary>The value in a form the settings panel starts from (e.g. <c>Buzzer:3</c>), where it has controls for it.</summary>
    [MaxLength(600)]
    public string? Value { get; set; }

    public DateTimeOffset SetAt { get; set; }

    [MaxLength(256)]
    public required string SetBy { get; set; }
}

/// <summary>
/// The OAuth <c>state</c> of one authorize round trip: only its SHA-256 is stored; bound to the user, tenant and
/// app; single use; short-lived. <see cref="PrinterId"/> is set when re-authorizing a known printer.
/// </summary>
public class PrinterAuthorization : TenantOwned<Guid>
{
    [MaxLength(64)]
    public required string StateHash { get; set; }

    public required string UserId { get; set; }

    public Guid AppId { get; set; }

    public Guid? PrinterId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }
}
