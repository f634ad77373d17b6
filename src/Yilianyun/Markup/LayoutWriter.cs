using static Yilianyun.Markup.LineWrapper;

namespace Yilianyun.Markup;

/// <summary>
/// Walks balanced tokens and produces receipt lines. Block elements (center/right, LR, table, QR, barcodes) start on
/// a fresh line and end their line; one newline straight after a block is absorbed so that the usual
/// <c>&lt;center&gt;…&lt;/center&gt;\n</c> does not print an empty line.
/// </summary>
internal sealed class LayoutWriter(int bytesPerLine, MarkupWarnings warnings)
{
    private readonly int capacityHalves = bytesPerLine * 2;
    private readonly ActiveStyles styles = new();
    private readonly TagFates fates = new();
    private readonly Stack<TextAlignment> alignments = new();
    private readonly ColumnLayout columns = new(bytesPerLine, warnings);
    private readonly PayloadValidator payloads = new(warnings);
    private List<StyledText> paragraph = [];
    private List<StyledText>? leftRight;
    private TableCapture? table;
    private int ignoredTableDepth;
    private int layoutTagUses;
    private bool absorbNextNewline;

    public List<ReceiptLine> Lines { get; } = [];

    public int Copies { get; private set; } = 1;

    private TextAlignment Alignment => alignments.Count == 0 ? TextAlignment.Left : alignments.Peek();

    private bool InsideBlockCapture => leftRight is not null || table is not null;

    public void Accept(Token token)
    {
        switch (token.Kind)
        {
            case TokenKind.Text:
                AppendText(token.Value);
                break;
            case TokenKind.Newline:
                AcceptNewline();
                break;
            case TokenKind.Payload:
                AcceptPayload(token.Name, token.Value);
                break;
            case TokenKind.Open:
                AcceptOpen(token);
                break;
            case TokenKind.Close:
                AcceptClose(token);
                break;
        }
    }

    public void Finish() => FlushParagraph(blankIfEmpty: false);

    private void AppendText(string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        absorbNextNewline = false;
        var piece = new StyledText(text, styles.Current());
        if (table is not null)
        {
            table.AppendText(piece, warnings);
        }
        else if (leftRight is not null)
        {
            leftRight.Add(piece);
        }
        else
        {
            paragraph.Add(piece);
        }
    }

    private void AcceptNewline()
    {
        if (table is not null)
        {
            table.AcceptNewline(warnings);
        }
        else if (leftRight is not null)
        {
            warnings.Misplaced("lr-newline", "A newline inside <LR> is ignored; LR lays out a single line.",
                "<LR> 内的换行会被忽略,左右对齐只排一行。");
        }
        else if (absorbNextNewline)
        {
            absorbNextNewline = false;
        }
        else
        {
            FlushParagraph(blankIfEmpty: true);
        }
    }

    private void AcceptOpen(Token token)
    {
        MarkupTags.TryGetRole(token.Name, out var role);
        if (token.Name == MarkupTags.EnlargedLine || role == TagRole.Style)
        {
            if (table is not null)
            {
                warnings.Misplaced("cell-tags", "Tags inside table cells are not supported by the platform; the preview applies them anyway.",
                    "平台不支持在表格单元格内使用标签,预览仍按标签显示。");
            }

            styles.Open(token.Name);
            return;
        }

        var fate = role switch
        {
            TagRole.Row => table?.OpenRow() ?? ForStrayTableTag(token),
            TagRole.Cell => table?.OpenCell() ?? ForStrayTableTag(token),
            _ => OpenBlock(token, role),
        };
        PushFate(token.Name, fate, token.Value);
    }

    private TagFate OpenBlock(Token token, TagRole role)
    {
        if (InsideBlockCapture)
        {
            warnings.Misplaced("nested:" + token.Name, $"<{token.Name}> cannot be used inside <LR> or <table>; it is printed literally.",
                $"<{token.Name}> 不能用在 <LR> 或 <table> 内,将按原文打印。");
            return TagFate.Literal;
        }

        if (++layoutTagUses > MarkupTags.LayoutTagLimit)
        {
            warnings.LayoutTagLimitExceeded(token.Name);
            if (role == TagRole.Table)
            {
                ignoredTableDepth++;
            }

            return TagFate.Ignored;
        }

        FlushParagraph(blankIfEmpty: false);
        switch (role)
        {
            case TagRole.Align:
                alignments.Push(token.Name == "center" ? TextAlignment.Center : TextAlignment.Right);
                break;
            case TagRole.LeftRight:
                leftRight = [];
                break;
            case TagRole.Table:
                table = new TableCapture();
                break;
        }

        return TagFate.Honoured;
    }

    private TagFate ForStrayTableTag(Token token)
    {
        if (ignoredTableDepth > 0)
        {
            return TagFate.Ignored;
        }

        warnings.Misplaced("stray:" + token.Name, $"<{token.Name}> outside a <table> is printed literally.",
            $"<{token.Name}> 不在 <table> 内,将按原文打印。");
        return TagFate.Literal;
    }

    private void PushFate(string name, TagFate fate, string literal)
    {
        fates.Push(name, fate);
        if (fate == TagFate.Literal)
        {
            AppendText(literal);
        }
    }

    private void AcceptClose(Token token)
    {
        MarkupTags.TryGetRole(token.Name, out var role);
        if (token.Name == MarkupTags.EnlargedLine || role == TagRole.Style)
        {
            styles.Close(token.Name);
            return;
        }

        var fate = fates.Pop(token.Name);
        if (fate == TagFate.Literal)
        {
            AppendText(token.Value);
            return;
        }

        if (fate == TagFate.Ignored)
        {
            if (role == TagRole.Table)
            {
                ignoredTableDepth--;
            }
            else if (role == TagRole.Cell)
            {
                AppendText(" ");
            }

            return;
        }

        switch (role)
        {
            case TagRole.Align:
                FlushParagraph(blankIfEmpty: false);
                alignments.Pop();
                absorbNextNewline = true;
                break;
            case TagRole.LeftRight:
                var parts = leftRight!;
                leftRight = null;
                Lines.AddRange(columns.LeftRight(parts));
                absorbNextNewline = true;
                break;
            case TagRole.Table:
                var rows = table!.Rows;
                table = null;
                Lines.AddRange(columns.Table(rows));
                absorbNextNewline = true;
                break;
            case TagRole.Row:
                table!.CloseRow();
                break;
            case TagRole.Cell:
                table!.CloseCell();
                break;
        }
    }

    private void AcceptPayload(string name, string argument)
    {
        switch (name)
        {
            case "MN":
                Copies = payloads.Copies(argument);
                AbsorbNewlineIfLineEmpty();
                return;
            case "QR" or "BR" or "BR2" or "BR3":
                AcceptCode(name, argument);
                return;
        }

        payloads.CheckInstruction(name, argument);
        MarkupTags.TryGetInstruction(name, out var kind);
        Lines.Add(new InstructionLine(kind, name, argument));
        AbsorbNewlineIfLineEmpty();
    }

    private void AcceptCode(string name, string payload)
    {
        if (InsideBlockCapture)
        {
            warnings.Misplaced("nested:" + name, $"<{name}> cannot be used inside <LR> or <table>; its content is printed as text.",
                $"<{name}> 不能用在 <LR> 或 <table> 内,其内容将作为文字打印。");
            AppendText(payload);
            return;
        }

        payloads.CheckCode(name, payload);
        FlushParagraph(blankIfEmpty: false);
        Lines.Add(name switch
        {
            "QR" => new QrCodeLine(payload),
            "BR" => new BarcodeLine(payload, BarcodeSymbology.Ean13),
            "BR2" => new BarcodeLine(payload, BarcodeSymbology.Code128B),
            _ => new BarcodeLine(payload, BarcodeSymbology.Code128C),
        });
        absorbNextNewline = true;
    }

    private void AbsorbNewlineIfLineEmpty()
    {
        if (paragraph.Count == 0 && !InsideBlockCapture)
        {
            absorbNextNewline = true;
        }
    }

    private void FlushParagraph(bool blankIfEmpty)
    {
        if (paragraph.Count == 0)
        {
            if (blankIfEmpty)
            {
                Lines.Add(new FeedLine());
            }

            return;
        }

        foreach (var line in Wrap(paragraph, capacityHalves))
        {
            Lines.Add(ToTextLine(Alignment, line.Parts));
        }

        paragraph = [];
    }
}
