namespace Yilianyun.Markup;

/// <summary>
/// Glyph style in half-byte units so that every width stays an integer: a scale of 1 is 2 halves, 1.5 is 3, 2 is 4.
/// </summary>
internal readonly record struct GlyphStyle(bool Bold, int WidthHalves, int HeightHalves)
{
    public static readonly GlyphStyle Normal = new(false, 2, 2);
}

internal readonly record struct StyledText(string Text, GlyphStyle Style);

/// <summary>One wrapped physical line and its width in half-byte units.</summary>
internal sealed record WrappedLine(List<StyledText> Parts, int WidthHalves);

/// <summary>Measuring, wrapping and padding of styled text, in half-byte units.</summary>
internal static class LineWrapper
{
    private const int TabStopHalves = 8; // a tab advances to the next 4-byte stop

    /// <summary>Normal-width spaces filling <paramref name="halves"/> (rounded down to whole bytes).</summary>
    public static StyledText Spaces(int halves) => new(new string(' ', Math.Max(0, halves / 2)), GlyphStyle.Normal);

    public static int Measure(StyledText part) => GbkWidth.Of(part.Text) * part.Style.WidthHalves;

    /// <summary>
    /// Breaks text into lines no wider than <paramref name="capacity"/> half-bytes, character by character (the printer
    /// does not wrap at words). A character that does not fit moves whole to the next line. Always returns at least one line.
    /// </summary>
    public static List<WrappedLine> Wrap(IEnumerable<StyledText> parts, int capacity)
    {
        var lines = new List<WrappedLine>();
        var current = new List<StyledText>();
        var text = new StringBuilder();
        var style = GlyphStyle.Normal;
        var width = 0;

        void EndPart()
        {
            if (text.Length > 0)
            {
                current.Add(new StyledText(text.ToString(), style));
                text.Clear();
            }
        }

        void Place(string glyphs, int glyphWidth)
        {
            if (width + glyphWidth > capacity && width > 0)
            {
                EndPart();
                lines.Add(new WrappedLine(current, width));
                current = [];
                width = 0;
            }

            text.Append(glyphs);
            width += glyphWidth;
        }

        foreach (var part in parts)
        {
            if (part.Style != style)
            {
                EndPart();
                style = part.Style;
            }

            foreach (var rune in part.Text.EnumerateRunes())
            {
                if (rune.Value == '\t')
                {
                    var stop = (width / TabStopHalves + 1) * TabStopHalves;
                    var spaces = (stop - width + style.WidthHalves - 1) / style.WidthHalves;
                    Place(new string(' ', spaces), spaces * style.WidthHalves);
                    continue;
                }

                Place(rune.ToString(), GbkWidth.Of(rune) * style.WidthHalves);
            }
        }

        EndPart();
        lines.Add(new WrappedLine(current, width));
        return lines;
    }

    /// <summary>Merges neighbouring parts of the same style into public segments; empty parts are dropped.</summary>
    public static TextLine ToTextLine(TextAlignment alignment, IEnumerable<StyledText> parts)
    {
        var segments = new List<TextSegment>();
        foreach (var part in parts.Where(part => part.Text.Length > 0))
        {
            var (bold, width, height) = (part.Style.Bold, part.Style.WidthHalves / 2.0, part.Style.HeightHalves / 2.0);
            if (segments.Count > 0 && segments[^1] is var last && last.Bold == bold && last.WidthScale == width && last.HeightScale == height)
            {
                segments[^1] = last with { Text = last.Text + part.Text };
            }
            else
            {
                segments.Add(new TextSegment(part.Text, bold, width, height));
            }
        }

        return new TextLine(alignment, segments);
    }
}
