using static Yilianyun.Markup.LineWrapper;

namespace Yilianyun.Markup;

/// <summary>
/// Lays out the block elements that put text side by side on one line: <c>&lt;LR&gt;</c> (left part flush left, right
/// part flush right) and <c>&lt;table&gt;</c> (cells in columns). Their lines come out left-aligned, padded with spaces.
/// </summary>
internal sealed class ColumnLayout(int bytesPerLine, MarkupWarnings warnings)
{
    /// <summary>At least one space is kept between the parts of an LR line and between table columns.</summary>
    private const int GapHalves = 2;

    private readonly int capacityHalves = bytesPerLine * 2;

    /// <summary>
    /// The left and right parts on one line when they fit; otherwise the left part's lines, then the right part's
    /// lines flush right.
    /// </summary>
    public List<TextLine> LeftRight(List<StyledText> parts)
    {
        var (left, right) = SplitAtFirstComma(parts);
        if (right is null)
        {
            warnings.Misplaced("lr-comma", "<LR> expects \"left,right\"; without a comma everything is laid out on the left.",
                "<LR> 的格式应为“左,右”;没有逗号时全部靠左。");
            right = [];
        }

        var leftLines = Wrap(left, capacityHalves);
        var rightWidth = right.Sum(part => Measure(part));
        var last = leftLines[^1];
        if (last.WidthHalves + GapHalves + rightWidth <= capacityHalves || (last.WidthHalves == 0 && rightWidth <= capacityHalves))
        {
            return
            [
                .. leftLines.Take(leftLines.Count - 1).Select(line => LeftAligned(line.Parts)),
                LeftAligned([.. last.Parts, Spaces(capacityHalves - last.WidthHalves - rightWidth), .. right]),
            ];
        }

        return
        [
            .. leftLines.Select(line => LeftAligned(line.Parts)),
            .. Wrap(right, capacityHalves).Select(line => LeftAligned([Spaces(capacityHalves - line.WidthHalves), .. line.Parts])),
        ];
    }

    /// <summary>
    /// Columns split the line evenly, the first column taking the remainder (the vendor publishes no widths);
    /// every column but the last keeps one byte free as a gap. Cells wrap within their column.
    /// </summary>
    public List<TextLine> Table(List<List<List<StyledText>>> rows)
    {
        var lines = new List<TextLine>();
        foreach (var row in rows.Where(row => row.Count > 0))
        {
            var columns = row.Count;
            if (columns is not (3 or 4))
            {
                warnings.Misplaced("columns", $"A table row has {columns} cells; the platform lays out 3 or 4.",
                    $"表格一行有 {columns} 格;平台只支持 3 格或 4 格。");
            }

            var baseBytes = bytesPerLine / columns;
            var columnHalves = Enumerable.Range(0, columns)
                .Select(i => (i == 0 ? bytesPerLine - baseBytes * (columns - 1) : baseBytes) * 2)
                .ToArray();
            var cells = row
                .Select((cell, i) => Wrap(cell, Math.Max(2, columnHalves[i] - (i < columns - 1 ? GapHalves : 0))))
                .ToArray();
            var height = cells.Max(cell => cell.Count);
            for (var lineIndex = 0; lineIndex < height; lineIndex++)
            {
                lines.Add(TableLine(cells, columnHalves, lineIndex));
            }
        }

        return lines;
    }

    /// <summary>One physical line of a table row: each cell's line <paramref name="lineIndex"/> padded to its column.</summary>
    private static TextLine TableLine(List<WrappedLine>[] cells, int[] columnHalves, int lineIndex)
    {
        var parts = new List<StyledText>();
        var position = 0;
        var columnStart = 0;
        for (var column = 0; column < cells.Length; column++)
        {
            if (column > 0)
            {
                parts.Add(Spaces(columnStart - position));
                position += (columnStart - position) / 2 * 2;
            }

            if (lineIndex < cells[column].Count)
            {
                parts.AddRange(cells[column][lineIndex].Parts);
                position += cells[column][lineIndex].WidthHalves;
            }

            columnStart += columnHalves[column];
        }

        return LeftAligned(parts);
    }

    private static TextLine LeftAligned(IEnumerable<StyledText> parts) => ToTextLine(TextAlignment.Left, parts);

    private static (List<StyledText> Left, List<StyledText>? Right) SplitAtFirstComma(List<StyledText> parts)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            var comma = parts[i].Text.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                continue;
            }

            var left = parts.Take(i).ToList();
            left.Add(parts[i] with { Text = parts[i].Text[..comma] });
            var right = new List<StyledText> { parts[i] with { Text = parts[i].Text[(comma + 1)..] } };
            right.AddRange(parts.Skip(i + 1));
            return (left, right);
        }

        return (parts, null);
    }
}
