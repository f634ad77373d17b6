namespace Portal.Components.Pages.Printing;

/// <summary>
/// A toolbar edit as the browser applies it: <see cref="Replacement"/> in place of <see cref="Start"/>..<see cref="End"/>
/// of the text the edit was computed on, then <see cref="SelectionStart"/>..<see cref="SelectionEnd"/> selected (offsets
/// in the edited text). Only the changed part travels, so the browser can keep keys typed meanwhile around it.
/// </summary>
public sealed record MarkupSplice(int Start, int End, string Replacement, int SelectionStart, int SelectionEnd)
{
    /// <summary>The smallest splice that turns <paramref name="before"/> into <paramref name="after"/>'s text.</summary>
    public static MarkupSplice Between(string before, MarkupEdit after)
    {
        var text = after.Text;
        var shorter = Math.Min(before.Length, text.Length);
        var prefix = 0;
        while (prefix < shorter && before[prefix] == text[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < shorter - prefix && before[^(suffix + 1)] == text[^(suffix + 1)])
        {
            suffix++;
        }

        // Never split a surrogate pair: half of one is not a string JSON can carry to the browser.
        if (prefix > 0 && char.IsHighSurrogate(before[prefix - 1]))
        {
            prefix--;
        }

        if (suffix > 0 && char.IsLowSurrogate(before[^suffix]))
        {
            suffix--;
        }

        return new MarkupSplice(prefix, before.Length - suffix, text[prefix..^suffix], after.SelectionStart, after.SelectionEnd);
    }

    public string ApplyTo(string text) => text[..Start] + Replacement + text[End..];
}
