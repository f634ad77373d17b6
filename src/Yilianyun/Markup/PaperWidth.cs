namespace Yilianyun.Markup;

/// <summary>Paper roll widths the platform prints on. The value is the roll width in millimetres.</summary>
public enum PaperWidth
{
    Mm58 = 58,
    Mm80 = 80,
}

public static class PaperWidthExtensions
{
    /// <summary>
    /// Printable GBK bytes per line: 32 on 58 mm paper (16 CJK characters), 48 on 80 mm paper (24 CJK characters).
    /// </summary>
    public static int BytesPerLine(this PaperWidth paper) => paper switch
    {
        PaperWidth.Mm58 => 32,
        PaperWidth.Mm80 => 48,
        _ => throw new ArgumentOutOfRangeException(nameof(paper), paper, "Only 58 mm and 80 mm paper are supported."),
    };
}
