namespace Yilianyun.Markup;

/// <summary>Rows and cells of a table being read.</summary>
internal sealed class TableCapture
{
    private List<List<StyledText>>? row;
    private List<StyledText>? cell;

    public List<List<List<StyledText>>> Rows { get; } = [];

    public TagFate OpenRow()
    {
        if (row is not null)
        {
            return TagFate.Literal;
        }

        row = [];
        return TagFate.Honoured;
    }

    public void CloseRow()
    {
        Rows.Add(row!);
        row = null;
    }

    public TagFate OpenCell()
    {
        if (row is null || cell is not null)
        {
            return TagFate.Literal;
        }

        cell = [];
        return TagFate.Honoured;
    }

    public void CloseCell()
    {
        row!.Add(cell!);
        cell = null;
    }

    public void AppendText(StyledText piece, MarkupWarnings warnings)
    {
        if (cell is not null)
        {
            cell.Add(piece);
        }
        else if (!string.IsNullOrWhiteSpace(piece.Text))
        {
            warnings.Misplaced("table-text", "Text inside <table> but outside <td> is not printed.",
                "<table> 内、<td> 之外的文字不会被打印。");
        }
    }

    public void AcceptNewline(MarkupWarnings warnings)
    {
        if (cell is not null)
        {
            warnings.Misplaced("cell-newline", "Newlines inside table cells are not supported and are ignored.",
                "表格单元格内不支持换行,换行将被忽略。");
        }
    }
}
