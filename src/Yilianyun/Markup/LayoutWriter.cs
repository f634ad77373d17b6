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
    private readonly Dictionary<string, int> activeStyles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Stack<TagFate>> fates = new(StringComparer.Ordinal);
    private readonly Stack<TextAlignment> alignments = new();
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
        var piece = new StyledText(text, CurrentStyle());
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

            activeStyles[token.Name] = activeStyles.GetValueOrDefault(token.Name) + 1;
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
        if (!fates.TryGetValue(name, out var stack))
        {
            fates[name] = stack = new Stack<TagFate>();
        }

        stack.Push(fate);
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
            if (activeStyles.TryGetValue(token.Name, out var depth))
            {
                if (depth <= 1)
                {
                    activeStyles.Remove(token.Name);
                }
                else
                {
                    activeStyles[token.Name] = depth - 1;
                }
            }

            return;
        }

        // The balancer guarantees an opener, so a fate was recorded for it.
        var fate = fates[token.Name].Pop();
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
                LayOutLeftRight(parts);
                absorbNextNewline = true;
                break;
            case TagRole.Table:
                var rows = table!.Rows;
                table = null;
                LayOutTable(rows);
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
                Copies = ParseCopies(argument);
                AbsorbNewlineIfLineEmpty();
                return;
            case "QR" or "BR" or "BR2" or "BR3":
                AcceptCode(name, argument);
                return;
        }

        ValidateInstruction(name, argument);
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

        ValidateCode(name, payload);
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

    /// <summary>Checks the documented argument formats; the instruction is kept either way.</summary>
    private void ValidateInstruction(string name, string argument)
    {
        static bool IsDigitIn(string text, char low, char high) => text.Length == 1 && text[0] >= low && text[0] <= high;

        var parts = argument.Split(',');
        switch (name)
        {
            case "PW" when !(argument.Length == 3 && argument.All(char.IsAsciiDigit) && int.Parse(argument) <= 108):
                warnings.InvalidArgument(name, argument, "the print width is 3 digits, at most 108.", "打印宽度为 3 位数字,最大 108。");
                break;
            case "MA" or "MK" when !IsDigitIn(argument, '0', '3'):
                warnings.InvalidArgument(name, argument, "expects a value from 0 to 3.", "取值应为 0 到 3。");
                break;
            case "MS" when !(parts.Length == 2 && IsDigitIn(parts[0], '0', '1') && IsDigitIn(parts[1], '0', '3')):
                warnings.InvalidArgument(name, argument, "expects mode,volume: mode 0 (buzzer) or 1 (horn), volume 0 to 3.",
                    "格式应为 模式,音量:模式 0(蜂鸣器)或 1(喇叭),音量 0 到 3。");
                break;
            case "MC" when !(parts.Length == 3 && IsDigitIn(parts[0], '0', '4') && parts[1].Length == 5 && parts[1].All(char.IsAsciiDigit)
                             && IsDigitIn(parts[2], '0', '2')):
                warnings.InvalidArgument(name, argument,
                    "expects confirm_state,sound_time,timeout_state: 0–4, five digits of seconds, 0–2 (e.g. 1,00030,0).",
                    "格式应为 确认状态,响铃时长,超时状态:0–4、5 位数字秒数、0–2(例如 1,00030,0)。");
                break;
            // The spoken text may itself contain commas, so volume and voice are read from the end.
            case "audio" when !(parts.Length >= 3 && parts[^2] is { Length: 1 } volume && volume[0] is >= '1' and <= '9'
                                && parts[^1] is "0" or "1" or "3" or "4"):
                warnings.InvalidArgument(name, argument, "expects text,volume,voice: volume 1 to 9, voice 0, 1, 3 or 4.",
                    "格式应为 文本,音量,音色:音量 1 到 9,音色 0、1、3 或 4。");
                break;
        }
    }

    private void ValidateCode(string name, string payload)
    {
        var digitsOnly = payload.Length > 0 && payload.All(char.IsAsciiDigit);
        switch (name)
        {
            case "QR" when payload.Length == 0 || GbkWidth.Of(payload) > 192:
                warnings.InvalidArgument(name, payload, "a QR code holds 1 to 192 ASCII characters (96 Chinese).", "二维码内容应为 1 到 192 个字母数字(或 96 个汉字)。");
                break;
            case "BR" when !digitsOnly || payload.Length > 13:
                warnings.InvalidArgument(name, payload, "an EAN-13 barcode takes up to 13 digits.", "EAN-13 条码最多 13 位数字。");
                break;
            case "BR2" when payload.Length is 0 or > 14 || !payload.All(char.IsAscii):
                warnings.InvalidArgument(name, payload, "a Code128-B barcode takes 1 to 14 ASCII characters.", "Code128-B 条码为 1 到 14 个 ASCII 字符。");
                break;
            case "BR3" when !digitsOnly || payload.Length > (payload.Length % 2 == 0 ? 28 : 25):
                warnings.InvalidArgument(name, payload, "a Code128-C barcode takes digits only: at most 25 (odd count) or 28 (even count).", "Code128-C 条码只能是数字:奇数位最多 25 位,偶数位最多 28 位。");
                break;
        }
    }

    private int ParseCopies(string argument)
    {
        if (int.TryParse(argument, out var copies) && copies is >= 1 and <= 9)
        {
            return copies;
        }

        warnings.InvalidArgument("MN", argument, "copies must be 1 to 9; the layout uses 1.", "打印联数应为 1 到 9,预览按 1 联处理。");
        return 1;
    }

    private void AbsorbNewlineIfLineEmpty()
    {
        if (paragraph.Count == 0 && !InsideBlockCapture)
        {
            absorbNextNewline = true;
        }
    }

    private GlyphStyle CurrentStyle()
    {
        var width = 2;
        var height = 2;
        foreach (var name in activeStyles.Keys)
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

        return new GlyphStyle(activeStyles.ContainsKey("FB"), width, height);
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

    private void LayOutLeftRight(List<StyledText> parts)
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
        const int gapHalves = 2; // keep at least one space between the parts
        if (last.WidthHalves + gapHalves + rightWidth <= capacityHalves || (last.WidthHalves == 0 && rightWidth <= capacityHalves))
        {
            foreach (var line in leftLines.Take(leftLines.Count - 1))
            {
                Lines.Add(ToTextLine(TextAlignment.Left, line.Parts));
            }

            Lines.Add(ToTextLine(TextAlignment.Left, [.. last.Parts, Spaces(capacityHalves - last.WidthHalves - rightWidth), .. right]));
            return;
        }

        foreach (var line in leftLines)
        {
            Lines.Add(ToTextLine(TextAlignment.Left, line.Parts));
        }

        foreach (var line in Wrap(right, capacityHalves))
        {
            Lines.Add(ToTextLine(TextAlignment.Left, [Spaces(capacityHalves - line.WidthHalves), .. line.Parts]));
        }
    }

    /// <summary>
    /// Columns split the line evenly, the first column taking the remainder (the vendor publishes no widths);
    /// every column but the last keeps one byte free as a gap. Cells wrap within their column.
    /// </summary>
    private void LayOutTable(List<List<List<StyledText>>> rows)
    {
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
                .Select((cell, i) => Wrap(cell, Math.Max(2, columnHalves[i] - (i < columns - 1 ? 2 : 0))))
                .ToArray();
            var height = cells.Max(cell => cell.Count);
            for (var lineIndex = 0; lineIndex < height; lineIndex++)
            {
                var parts = new List<StyledText>();
                var position = 0;
                var columnStart = 0;
                for (var column = 0; column < columns; column++)
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

                Lines.Add(ToTextLine(TextAlignment.Left, parts));
            }
        }
    }

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
