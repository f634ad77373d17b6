namespace Yilianyun.Markup;

/// <summary>
/// Renders a layout as monospaced text (one column per GBK byte), for logs, e-mails and quick previews. Glyph
/// scales cannot be shown in plain text, so enlarged text is aligned by its printed width but written at normal size;
/// codes and instructions are shown as bracketed placeholders.
/// </summary>
public static class ReceiptPlainText
{
    public static string Render(ReceiptLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var text = new StringBuilder();
        foreach (var line in layout.Lines)
        {
            var rendered = line switch
            {
                TextLine textLine => Indent(textLine, layout.BytesPerLine) + textLine.Text,
                FeedLine => "",
                QrCodeLine qr => Centre($"[QR {qr.Payload}]", layout.BytesPerLine),
                BarcodeLine barcode => Centre($"[{barcode.Symbology} {barcode.Payload}]", layout.BytesPerLine),
                InstructionLine => null,
                _ => throw new InvalidOperationException($"Unknown line type {line.GetType().Name}."),
            };
            if (rendered is not null)
            {
                text.Append(rendered.TrimEnd()).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Indent(TextLine line, int bytesPerLine)
    {
        var free = Math.Max(0, bytesPerLine - (int)Math.Ceiling(line.Width));
        return line.Alignment switch
        {
            TextAlignment.Center => new string(' ', free / 2),
            TextAlignment.Right => new string(' ', free),
            _ => "",
        };
    }

    private static string Centre(string text, int bytesPerLine) =>
        new string(' ', Math.Max(0, (bytesPerLine - GbkWidth.Of(text)) / 2)) + text;
}
