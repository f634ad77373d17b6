namespace Portal.Infrastructure.Common;

/// <summary>
/// RFC 4180 cells for the portal's CSV exports, guarded against CSV injection: a cell a spreadsheet would evaluate as a
/// formula is prefixed with '.
/// </summary>
public static class CsvCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private static readonly char[] NeedQuotes = [',', '"', '\n', '\r'];

    public static string Line(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell));

    /// <summary>A cell that is always quoted.</summary>
    public static string Cell(string value) => Quote(Defuse(value));

    /// <summary>A cell quoted only when it holds a separator, a quote or a line break; empty for null.</summary>
    public static string MinimalCell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var cell = Defuse(value);
        return cell.IndexOfAny(NeedQuotes) >= 0 ? Quote(cell) : cell;
    }

    private static string Defuse(string value) =>
        value.Length > 0 && Array.IndexOf(FormulaStarts, value[0]) >= 0 ? "'" + value : value;

    private static string Quote(string value) => '"' + value.Replace("\"", "\"\"", StringComparison.Ordinal) + '"';
}
