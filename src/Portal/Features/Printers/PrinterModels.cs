namespace Portal.Features.Printers;

/// <summary>What the list and badges show: the stored state, plus "expiring soon" derived from the access expiry.</summary>
public enum PrinterTokenBadge
{
    Active,
    ExpiringSoon,
    RefreshFailed,
    NeedsReauthorization,
    LimitReached,
    Revoked,
    /// <summary>Own-app printers use the app's token, which does not expire.</summary>
    AppToken,
}

public static class PrinterTokenBadges
{
    /// <summary>Whether a printer with this badge can take a print job (revoked and unauthorized ones cannot).</summary>
    public static bool IsPrintable(this PrinterTokenBadge badge) => badge is not (PrinterTokenBadge.Revoked or PrinterTokenBadge.NeedsReauthorization);
}

public enum PrinterSort
{
    Name,
    MachineCode,
    AccessExpiresAt,
    CreatedAt,
}

public sealed record PrinterListQuery(string? Search = null, PrinterTokenBadge? TokenBadge = null, PrinterOnlineState? Online = null,
    PrinterSort Sort = PrinterSort.Name, bool Descending = false, int Page = 0, int PageSize = 25);

public sealed record PrinterRow(Guid Id, string Name, string MachineCode, PrinterConnectionKind ConnectionKind, PrinterOnlineState Online,
    PrinterTokenBadge Badge, DateTimeOffset? AccessExpiresAt, int RefreshesToday);

public sealed record PrinterTimelineEntry(DateTimeOffset At, PrinterTokenEventKind Kind, string? ActorName, string? Detail);

public sealed record PrinterDetail(
    Guid Id,
    string Name,
    string MachineCode,
    PrinterConnectionKind ConnectionKind,
    PrinterAppKind AppKind,
    string AppName,
    PrinterOnlineState Online,
    DateTimeOffset? OnlineCheckedAt,
    PrinterTokenBadge Badge,
    DateTimeOffset? IssuedAt,
    DateTimeOffset? AccessExpiresAt,
    DateTimeOffset? RefreshExpiresAt,
    DateTimeOffset? LastRefreshAt,
    DateTimeOffset? NextRefreshAt,
    int RefreshesToday,
    string? Model,
    string? PaperWidth,
    string? Firmware,
    IReadOnlyList<PrinterTimelineEntry> Timeline)
{
    public bool CanRefresh => AppKind == PrinterAppKind.Open && Badge is not (PrinterTokenBadge.Revoked or PrinterTokenBadge.NeedsReauthorization);

    public bool NeedsReauthorization => AppKind == PrinterAppKind.Open && Badge is PrinterTokenBadge.NeedsReauthorization or PrinterTokenBadge.Revoked;
}

/// <summary>What the portal last set for one device setting, and when and by whom.</summary>
public sealed record PrinterSettingRecord(string Setting, string Detail, string? Value, DateTimeOffset SetAt, string SetBy);

/// <summary>The device settings the portal remembers (the platform cannot read them back).</summary>
public static class PrinterSettingKeys
{
    public const string Sound = "sound";
    public const string KeyPrint = "key-print";
    public const string OrderButtons = "order-buttons";
    public const string Logo = "logo";
    public const string Menu = "menu";
    public const string Power = "power";
    public const string VoicePrefix = "voice-";

    /// <summary>Each voice slot (0 to 9) is a setting of its own.</summary>
    public static string Voice(int slot) => VoicePrefix + slot.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record PrinterStats(int Total, int Active, int ExpiringSoon, int RefreshFailed, int NeedsReauthorization, int LimitReached, int Revoked);

public sealed class TerminalKeyInput
{
    [Required(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Required))]
    [RegularExpression("^[0-9A-Za-z]{4,32}$", ErrorMessageResourceType = typeof(PrinterValidationText), ErrorMessageResourceName = nameof(PrinterValidationText.MachineCode))]
    public string MachineCode { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Required))]
    [RegularExpression("^[0-9A-Za-z]{4,64}$", ErrorMessageResourceType = typeof(PrinterValidationText), ErrorMessageResourceName = nameof(PrinterValidationText.Key))]
    public string Msign { get; set; } = "";

    [MaxLength(100, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string? Name { get; set; }

    [Phone(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Phone))]
    [MaxLength(20, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string? Phone { get; set; }

    /// <summary>The company's own app to add the printer through; null for the platform's.</summary>
    public Guid? AppId { get; set; }
}

public sealed class ScanCodeInput
{
    [Required(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Required))]
    [RegularExpression("^[0-9A-Za-z]{4,32}$", ErrorMessageResourceType = typeof(PrinterValidationText), ErrorMessageResourceName = nameof(PrinterValidationText.MachineCode))]
    public string MachineCode { get; set; } = "";

    /// <summary>The key from the printer's QR code (valid 5 minutes), or the msign on its label.</summary>
    [Required(ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Required))]
    [RegularExpression("^[0-9A-Za-z]{4,64}$", ErrorMessageResourceType = typeof(PrinterValidationText), ErrorMessageResourceName = nameof(PrinterValidationText.Key))]
    public string Key { get; set; } = "";

    public bool KeyIsMsign { get; set; }

    [MaxLength(100, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string? Name { get; set; }

    /// <summary>The company's own open app to authorize through; null for the platform's.</summary>
    public Guid? AppId { get; set; }
}

/// <summary>Validation messages of the printer forms, localized like <see cref="ValidationText"/>.</summary>
public static class PrinterValidationText
{
    public static string MachineCode => PortalStringLocalizer.Shared["Enter the terminal number printed on the printer's label (letters and digits)."];

    public static string Key => PortalStringLocalizer.Shared["Enter the key exactly as shown (letters and digits)."];
}
