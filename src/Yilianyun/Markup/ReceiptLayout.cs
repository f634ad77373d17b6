namespace Yilianyun.Markup;

/// <summary>
/// A receipt laid out for one paper width: the printed lines in order (text already wrapped), the problems found
/// in the markup, and how many copies the job prints (<c>&lt;MN&gt;</c>, 1 when absent).
/// </summary>
public sealed record ReceiptLayout(IReadOnlyList<ReceiptLine> Lines, IReadOnlyList<MarkupWarning> Warnings, int Copies)
{
    public PaperWidth Paper { get; init; }

    /// <summary>Printable width of <see cref="Paper"/> in GBK bytes (32 or 48).</summary>
    public int BytesPerLine => Paper.BytesPerLine();
}

public enum TextAlignment
{
    Left,
    Center,
    Right,
}

/// <summary>
/// A run of text printed with one style. Scales are glyph multipliers: 1 normal, 1.5 for FW/FH/FS, 2 for FW2/FH2/FS2.
/// </summary>
public sealed record TextSegment(string Text, bool Bold, double WidthScale, double HeightScale)
{
    /// <summary>Width on paper in GBK byte columns (byte width times the width scale).</summary>
    public double Width => GbkWidth.Of(Text) * WidthScale;
}

/// <summary>One printed (or, for <see cref="InstructionLine"/>, non-printing) element of a receipt.</summary>
public abstract record ReceiptLine;

/// <summary>
/// One physical line of text, already wrapped to the paper. Alignment is applied by the renderer using
/// <see cref="Width"/>; LR and table lines arrive already padded with spaces and are left-aligned.
/// </summary>
public sealed record TextLine(TextAlignment Alignment, IReadOnlyList<TextSegment> Segments) : ReceiptLine
{
    public string Text => string.Concat(Segments.Select(segment => segment.Text));

    /// <summary>Width on paper in GBK byte columns.</summary>
    public double Width => Segments.Sum(segment => segment.Width);

    /// <summary>Tallest glyph scale on the line, for the renderer's line height.</summary>
    public double HeightScale => Segments.Count == 0 ? 1 : Segments.Max(segment => segment.HeightScale);
}

/// <summary>An empty line (a newline with nothing before it).</summary>
public sealed record FeedLine : ReceiptLine;

/// <summary>A QR code, printed centred. The platform sizes it automatically, so no size is carried.</summary>
public sealed record QrCodeLine(string Payload) : ReceiptLine;

public enum BarcodeSymbology
{
    /// <summary><c>&lt;BR&gt;</c>: EAN-13, 13 digits.</summary>
    Ean13,

    /// <summary><c>&lt;BR2&gt;</c>: Code 128 subset B, up to 14 characters.</summary>
    Code128B,

    /// <summary><c>&lt;BR3&gt;</c>: Code 128 subset C, digits only.</summary>
    Code128C,
}

/// <summary>A barcode, printed centred.</summary>
public sealed record BarcodeLine(string Payload, BarcodeSymbology Symbology) : ReceiptLine;

public enum InstructionKind
{
    /// <summary><c>&lt;MA&gt;</c> new-order alert: 0 mute, 1 buzzer, 2 voice, 3 system default.</summary>
    OrderAlert,

    /// <summary><c>&lt;MS&gt;mode,volume&lt;/MS&gt;</c> alert sound.</summary>
    AlertSound,

    /// <summary><c>&lt;MC&gt;confirm_state,sound_time,timeout_state&lt;/MC&gt;</c> accept/reject confirmation.</summary>
    OrderConfirmation,

    /// <summary><c>&lt;PW&gt;</c> K5 print width.</summary>
    PrintWidth,

    /// <summary><c>&lt;audio&gt;</c> and <c>&lt;TTS&gt;</c> text to speech.</summary>
    Speech,

    /// <summary><c>&lt;VN&gt;</c>, <c>&lt;VD&gt;</c>, <c>&lt;VA&gt;</c>, <c>&lt;VI&gt;</c> v2 voice tags.</summary>
    Voice,

    /// <summary><c>&lt;JSON&gt;</c> K8 scan/pay instruction.</summary>
    Json,

    /// <summary>X1 <c>&lt;ML&gt;</c> logo switch.</summary>
    Logo,

    /// <summary>X1 <c>&lt;MP&gt;</c> key-print switch.</summary>
    KeyPrint,

    /// <summary>X1 <c>&lt;MK&gt;</c> cut mode: 0 none, 1 half, 2 leave a point, 3 full.</summary>
    CutMode,

    /// <summary>X1 <c>&lt;RS&gt;</c> line spacing.</summary>
    LineSpacing,
}

/// <summary>A tag that changes printer behaviour (sound, voice, cutting…) but prints nothing itself.</summary>
public sealed record InstructionLine(InstructionKind Kind, string Tag, string Argument) : ReceiptLine;
