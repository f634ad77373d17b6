namespace Portal.Features.Printing;

/// <summary>The editor's text and selection (UTF-16 offsets, as the browser's textarea reports them).</summary>
public sealed record MarkupEdit(string Text, int SelectionStart, int SelectionEnd)
{
    /// <summary>Offsets clamped into the text and put in order, whatever the browser sent.</summary>
    public MarkupEdit Normalized()
    {
        var start = Math.Clamp(Math.Min(SelectionStart, SelectionEnd), 0, Text.Length);
        var end = Math.Clamp(Math.Max(SelectionStart, SelectionEnd), 0, Text.Length);
        return this with { SelectionStart = start, SelectionEnd = end };
    }

    public string Selected => Text[SelectionStart..SelectionEnd];
}

/// <summary>What the editor's script reports: the text area's value and selection, or null when it is not on the page.</summary>
public sealed record BrowserSelection(string? Text, int Start, int End);

/// <summary>
/// What the markup toolbar does to the editor's text: each operation replaces the selection (or inserts at the cursor)
/// and says what to select afterwards, so the person can type straight over a sample value.
/// </summary>
public static class MarkupInsertion
{
    /// <summary>
    /// <c>&lt;tag&gt;selection&lt;/tag&gt;</c>, or the tags around <paramref name="sample"/> when nothing is selected.
    /// The enclosed text stays selected.
    /// </summary>
    public static MarkupEdit Wrap(MarkupEdit edit, string tag, string sample) =>
        Surround(edit, $"<{tag}>", edit.Normalized().Selected is { Length: > 0 } selected ? selected : sample, $"</{tag}>");

    /// <summary>
    /// Like <see cref="Wrap"/> for tags that act on one line (center, right): a selection of several lines gets the
    /// tags around each non-empty line.
    /// </summary>
    public static MarkupEdit WrapEachLine(MarkupEdit edit, string tag, string sample)
    {
        edit = edit.Normalized();
        var selected = edit.Selected;
        if (!selected.Contains('\n', StringComparison.Ordinal))
        {
            return Wrap(edit, tag, sample);
        }

        var lines = selected.Split('\n').Select(line =>
            line.TrimEnd('\r').Length == 0 ? line : $"<{tag}>{line.TrimEnd('\r')}</{tag}>{(line.EndsWith('\r') ? "\r" : "")}");
        return Replace(edit, string.Join('\n', lines), selectAll: true);
    }

    /// <summary>
    /// <c>&lt;LR&gt;left,right&lt;/LR&gt;</c> around the selection; a selection without a comma becomes the left part
    /// and the cursor waits after the comma for the right part.
    /// </summary>
    public static MarkupEdit LeftRight(MarkupEdit edit, string sampleLeft, string sampleRight)
    {
        edit = edit.Normalized();
        var selected = edit.Selected;
        if (selected.Length == 0)
        {
            return Surround(edit, "<LR>", $"{sampleLeft},{sampleRight}", "</LR>");
        }

        if (selected.Contains(',', StringComparison.Ordinal))
        {
            return Surround(edit, "<LR>", selected, "</LR>");
        }

        var inserted = $"<LR>{selected},</LR>";
        var cursor = edit.SelectionStart + inserted.Length - "</LR>".Length;
        return new MarkupEdit(edit.Text[..edit.SelectionStart] + inserted + edit.Text[edit.SelectionEnd..], cursor, cursor);
    }

    /// <summary>
    /// A table of <paramref name="columns"/> columns. Selected lines become its rows (cells split at commas or tabs,
    /// padded or merged to the column count); without a selection, <paramref name="header"/> and one sample row.
    /// </summary>
    public static MarkupEdit Table(MarkupEdit edit, int columns, IReadOnlyList<string> header, IReadOnlyList<string> sample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        edit = edit.Normalized();
        var rows = edit.Selected.Length > 0
            ? edit.Selected.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0)
                .Select(line => (IReadOnlyList<string>)line.Split(',', '\t').Select(cell => cell.Trim()).ToList())
                .ToList()
            : [header, sample];
        var markup = "<table>" + string.Join("\n", rows.Select(row => Row(row, columns))) + "</table>";
        return Replace(AtLineStart(edit), markup, selectAll: false);
    }

    /// <summary>Inserts a whole line of its own at the cursor (a divider, for instance), leaving the cursor after it.</summary>
    public static MarkupEdit Line(MarkupEdit edit, string line)
    {
        edit = AtLineStart(edit.Normalized());
        var lineEndFollows = edit.SelectionEnd == edit.Text.Length || edit.Text[edit.SelectionEnd] is '\n' or '\r';
        return Replace(edit, lineEndFollows ? line : line + "\n", selectAll: false);
    }

    /// <summary>
    /// Puts <c>&lt;tag&gt;argument&lt;/tag&gt;</c> on the first line, where the platform reads job-wide instructions
    /// (order confirmation, copies), replacing one that is already there; the argument is selected.
    /// </summary>
    public static MarkupEdit AtStart(MarkupEdit edit, string tag, string argument)
    {
        var opening = $"<{tag}>";
        var closing = $"</{tag}>";
        var text = edit.Text;
        if (text.StartsWith(opening, StringComparison.Ordinal) && text.IndexOf(closing, StringComparison.Ordinal) is var end and > 0)
        {
            var rest = text[(end + closing.Length)..];
            return new MarkupEdit(opening + argument + closing + rest, opening.Length, opening.Length + argument.Length);
        }

        return new MarkupEdit(opening + argument + closing + "\n" + text, opening.Length, opening.Length + argument.Length);
    }

    private static string Row(IReadOnlyList<string> cells, int columns)
    {
        var fitted = cells.Count <= columns
            ? cells.Concat(Enumerable.Repeat("", columns - cells.Count))
            : cells.Take(columns - 1).Append(string.Join(" ", cells.Skip(columns - 1)));
        return "<tr>" + string.Concat(fitted.Select(cell => $"<td>{cell}</td>")) + "</tr>";
    }

    private static MarkupEdit Surround(MarkupEdit edit, string before, string inner, string after)
    {
        edit = edit.Normalized();
        var start = edit.SelectionStart + before.Length;
        return new MarkupEdit(edit.Text[..edit.SelectionStart] + before + inner + after + edit.Text[edit.SelectionEnd..],
            start, start + inner.Length);
    }

    private static MarkupEdit Replace(MarkupEdit edit, string replacement, bool selectAll)
    {
        var text = edit.Text[..edit.SelectionStart] + replacement + edit.Text[edit.SelectionEnd..];
        var end = edit.SelectionStart + replacement.Length;
        return new MarkupEdit(text, selectAll ? edit.SelectionStart : end, end);
    }

    /// <summary>Block elements start on their own line in the editor, so the markup reads like the receipt.</summary>
    private static MarkupEdit AtLineStart(MarkupEdit edit)
    {
        if (edit.SelectionStart == 0 || edit.Text[edit.SelectionStart - 1] == '\n')
        {
            return edit;
        }

        var text = edit.Text[..edit.SelectionStart] + "\n" + edit.Text[edit.SelectionStart..];
        return new MarkupEdit(text, edit.SelectionStart + 1, edit.SelectionEnd + 1);
    }
}
