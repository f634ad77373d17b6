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

    /// <summary>Tags that give the printer an instruction (sound, voice, logo…) rather than text to print.</summary>
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

    /// <summary>Every known tag's role; each instruction tag's content is its argument, so it is a payload.</summary>
    private static readonly Dictionary<string, TagRole> Roles = new (TagRole Role, IEnumerable<string> Names)[]
    {
        (TagRole.Style, ["FB", "FH", "FH2", "FW", "FW2", "FS", "FS2"]),
        (TagRole.Align, ["center", "right"]),
        (TagRole.LeftRight, ["LR"]),
        (TagRole.Table, ["table"]),
        (TagRole.Row, ["tr"]),
        (TagRole.Cell, ["td"]),
        (TagRole.Payload, ["MN", "QR", "BR", "BR2", "BR3", .. Instructions.Keys]),
    }.SelectMany(group => group.Names, (group, name) => KeyValuePair.Create(name, group.Role)).ToDictionary(StringComparer.Ordinal);

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
