namespace Yilianyun.Markup;

/// <summary>
/// Width of text as the printer counts it: GBK bytes. CJK characters and full-width punctuation take 2 bytes,
/// ASCII takes 1. Characters GBK cannot encode (emoji, for instance) print as a one-byte '?', so they count as 1.
/// </summary>
public static class GbkWidth
{
    private static readonly Encoding Gbk = CreateGbk();

    public static int Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var width = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            width += Of(rune);
        }

        return width;
    }

    public static int Of(Rune rune)
    {
        if (rune.IsAscii)
        {
            return 1;
        }

        Span<char> chars = stackalloc char[2];
        var length = rune.EncodeToUtf16(chars);
        // GBK is a double-byte set: any non-ASCII character it encodes takes exactly 2 bytes. The encoder drops
        // characters it cannot encode (count 0); the printer shows those as a single '?'.
        return Gbk.GetByteCount(chars[..length]) >= 2 ? 2 : 1;
    }

    private static Encoding CreateGbk()
    {
        // Code page 936 (GBK) ships with .NET but must be registered before use; registering twice is harmless.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936, new EncoderReplacementFallback(""), DecoderFallback.ReplacementFallback);
    }
}
