namespace Yilianyun.Markup;

/// <summary>
/// The style tags open at the current point of the markup (FB, FW, FH, FS, their "2" variants and <c>@@2</c>), counted
/// so that nested uses of one tag close properly, and the glyph style they give together: the widest and tallest scale
/// of any open tag wins.
/// </summary>
internal sealed class ActiveStyles
{
    private readonly Dictionary<string, int> depths = new(StringComparer.Ordinal);

    public void Open(string name) => depths[name] = depths.GetValueOrDefault(name) + 1;

    public void Close(string name)
    {
        if (!depths.TryGetValue(name, out var depth))
        {
            return;
        }

        if (depth <= 1)
        {
            depths.Remove(name);
        }
        else
        {
            depths[name] = depth - 1;
        }
    }

    public GlyphStyle Current()
    {
        var width = 2;
        var height = 2;
        foreach (var name in depths.Keys)
        {
            var (w, h) = name switch
            {
                "FW" => (3, 2),
                "FW2" => (4, 2),
                "FH" => (2, 3),
                "FH2" => (2, 4),
                "FS" => (3, 3),
                "FS2" or MarkupTags.EnlargedLine => (4, 4),
                _ => (2, 2),
            };
            width = Math.Max(width, w);
            height = Math.Max(height, h);
        }

        return new GlyphStyle(depths.ContainsKey("FB"), width, height);
    }
}
