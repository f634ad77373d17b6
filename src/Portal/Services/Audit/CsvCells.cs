namespace Portal.Services.Audit;

/// <summary>RFC 4180 cells, guarded against CSV injection: a cell a spreadsheet would evaluate is prefixed with '.</summary>
public static class CsvCells
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    public static string Line(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell));

    public static string Cell(string value)
    {
        if (value.Length > 0 && Array.IndexOf(FormulaStarts, value[0]) >= 0)
        {
            value = "'" + value;
        }

        return '"' + value.Replace("\"", "\"\"", StringComparison.Ordinal) + '"';
    }
}
