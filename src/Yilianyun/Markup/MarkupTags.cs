namespace Yilianyun.Markup;

/// <summary>How the layout treats a known tag.</summary>
internal enum TagRole
{
    /// <summary>Changes the glyph style of the enclosed text (FB, FH, FW, FS and their "2" variants).</summary>
    Style,

    /// <summary>center / right: aligns the enclosed line(s).</summary>
    Align,

    /// <summary>LR: left part flush left, right part flush right.</summary>
    LeftRight,

    Table,
    Row,
    Cell,

    /// <summary>The content between the tags is an argument, not text (MN, QR, barcodes, sound and voice tags…).</summary>
    Payload,
}

/// <summary>The tag vocabulary of section 7 of the reference. Tag names are case-sensitive: <c>&lt;right&gt;</c> is
/// 易联云, <c>&lt;RIGHT&gt;</c> is 飞鹅.</summary>
internal static class MarkupTags
{
    /// <summary>table, center, right and LR together are honoured at most this many times per job.</summary>
    public const int LayoutTagLimit = 25;

    /// <summary>No OAuth-API limit is published; the legacy API's 32 767-character limit is used.</summary>
    public const int MaxContentLength = 32_767;

    /// <summary>Pseudo tag for "@@2" at the start of a line (older firmware: enlarge that line).</summary>
    public const string EnlargedLine = "@@2";

    private static readonly Dictionary<string, TagRole> Roles = new(StringComparer.Ordinal)
    {
        ["FB"] = TagRole.Style,
        ["FH"] = TagRole.Style,
        ["FH2"] = TagRole.Style,
        ["FW"] = TagRole.Style,
        ["FW2"] = TagRole.Style,
        ["FS"] = TagRole.Style,
        ["FS2"] = TagRole.Style,
        ["center"] = TagRole.Align,
        ["right"] = TagRole.Align,
        ["LR"] = TagRole.LeftRight,
        ["table"] = TagRole.Table,
        ["tr"] = TagRole.Row,
        ["td"] = TagRole.Cell,
        ["MN"] = TagRole.Payload,
        ["QR"] = TagRole.Payload,
        ["BR"] = TagRole.Payload,
        ["BR2"] = TagRole.Payload,
        ["BR3"] = TagRole.Payload,
        ["MA"] = TagRole.Payload,
        ["MS"] = TagRole.Payload,
        ["MC"] = TagRole.Payload,
        ["PW"] = TagRole.Payload,
        ["audio"] = TagRole.Payload,
        ["TTS"] = TagRole.Payload,
        ["VN"] = TagRole.Payload,
        ["VD"] = TagRole.Payload,
        ["VA"] = TagRole.Payload,
        ["VI"] = TagRole.Payload,
        ["JSON"] = TagRole.Payload,
        ["ML"] = TagRole.Payload,
        ["MP"] = TagRole.Payload,
        ["MK"] = TagRole.Payload,
        ["RS"] = TagRole.Payload,
    };

    private static readonly Dictionary<string, InstructionKind> Instructions = new(StringComparer.Ordinal)
    {
        ["MA"] = InstructionKind.OrderAlert,
        ["MS"] = InstructionKind.AlertSound,
        ["MC"] = InstructionKind.OrderConfirmation,
        ["PW"] = InstructionKind.PrintWidth,
        ["audio"] = InstructionKind.Speech,
        ["TTS"] = InstructionKind.Speech,
        ["VN"] = InstructionKind.Voice,
        ["VD"] = InstructionKind.Voice,
        ["VA"] = InstructionKind.Voice,
        ["VI"] = InstructionKind.Voice,
        ["JSON"] = InstructionKind.Json,
        ["ML"] = InstructionKind.Logo,
        ["MP"] = InstructionKind.KeyPrint,
        ["MK"] = InstructionKind.CutMode,
        ["RS"] = InstructionKind.LineSpacing,
    };

    /// <summary>飞鹅云 (Feieyun) tags people paste by mistake; 易联云 prints them literally.</summary>
    private static readonly HashSet<string> FeieyunTags = new(StringComparer.Ordinal)
    {
        "PLUGIN", "CUT", "CB", "B", "C", "L", "W", "BOLD", "RIGHT", "LOGO", "QRCODE", "BC128_A", "BC128_C", "CODE",
    };

    public static bool TryGetRole(string name, out TagRole role) => Roles.TryGetValue(name, out role);

    public static bool TryGetInstruction(string name, out InstructionKind kind) => Instructions.TryGetValue(name, out kind);

    /// <summary>X1's logo and key-print switches may be written without a closing tag.</summary>
    public static bool MayStandAlone(string name) => name is "ML" or "MP";

    public static bool IsFeieyunTag(string name) => FeieyunTags.Contains(name);

    /// <summary>The known tag that differs from <paramref name="name"/> only in case, if any (e.g. CENTER → center).</summary>
    public static string? CaseVariantOf(string name) =>
        Roles.Keys.FirstOrDefault(known => string.Equals(known, name, StringComparison.OrdinalIgnoreCase));
}
