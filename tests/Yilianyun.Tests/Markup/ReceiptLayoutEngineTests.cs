namespace Yilianyun.Tests.Markup;

public class ReceiptLayoutEngineTests
{
    private static List<TextLine> TextLines(ReceiptLayout layout) => layout.Lines.OfType<TextLine>().ToList();

    /// <summary>GBK column at which <paramref name="needle"/> starts in a plain (unscaled) line.</summary>
    private static int ColumnOf(TextLine line, string needle)
    {
        var index = line.Text.IndexOf(needle, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{needle}' not found in '{line.Text}'");
        return GbkWidth.Of(line.Text[..index]);
    }

    [Theory]
    [InlineData(PaperWidth.Mm58, 16)]
    [InlineData(PaperWidth.Mm80, 24)]
    public void Chinese_text_wraps_at_the_paper_width(PaperWidth paper, int charactersPerLine)
    {
        var text = string.Concat(Enumerable.Repeat("汉", 30));

        var lines = TextLines(ReceiptLayoutEngine.Layout(text, paper));

        Assert.Equal(new string('汉', charactersPerLine), lines[0].Text);
        Assert.Equal(30, lines.Sum(line => line.Text.Length));
        Assert.Equal(paper.BytesPerLine(), lines[0].Width);
    }

    [Fact]
    public void A_chinese_character_that_does_not_fit_moves_whole_to_the_next_line()
    {
        // 1 ASCII byte + 16 CJK characters = 33 bytes: the 16th character would straddle the 32-byte edge.
        var lines = TextLines(ReceiptLayoutEngine.Layout("a" + new string('字', 16), PaperWidth.Mm58));

        Assert.Equal(2, lines.Count);
        Assert.Equal("a" + new string('字', 15), lines[0].Text);
        Assert.Equal(31, lines[0].Width);
        Assert.Equal("字", lines[1].Text);
    }

    [Fact]
    public void Ascii_wraps_by_bytes_not_by_words()
    {
        var lines = TextLines(ReceiptLayoutEngine.Layout(new string('x', 40), PaperWidth.Mm58));

        Assert.Equal([32, 8], lines.Select(line => (int)line.Width));
    }

    [Fact]
    public void Double_width_text_takes_twice_the_bytes()
    {
        var lines = TextLines(ReceiptLayoutEngine.Layout("<FS2>" + new string('大', 9) + "</FS2>", PaperWidth.Mm58));

        Assert.Equal(new string('大', 8), lines[0].Text); // 8 × 2 bytes × 2 = 32
        Assert.Equal("大", lines[1].Text);
        var segment = Assert.Single(lines[0].Segments);
        Assert.Equal(2, segment.WidthScale);
        Assert.Equal(2, segment.HeightScale);
    }

    [Theory]
    [InlineData("<FW>宽</FW>", 1.5, 1)]
    [InlineData("<FW2>宽</FW2>", 2, 1)]
    [InlineData("<FH>高</FH>", 1, 1.5)]
    [InlineData("<FH2>高</FH2>", 1, 2)]
    [InlineData("<FS>大</FS>", 1.5, 1.5)]
    [InlineData("<FS2>大</FS2>", 2, 2)]
    [InlineData("<FW2><FH>宽</FH></FW2>", 2, 1.5)]
    public void Size_tags_set_width_and_height_scales(string content, double width, double height)
    {
        var segment = Assert.Single(Assert.Single(TextLines(ReceiptLayoutEngine.Layout(content, PaperWidth.Mm58))).Segments);

        Assert.Equal(width, segment.WidthScale);
        Assert.Equal(height, segment.HeightScale);
    }

    [Fact]
    public void Bold_splits_a_line_into_segments()
    {
        var line = Assert.Single(TextLines(ReceiptLayoutEngine.Layout("合计:<FB>￥36.00</FB>元", PaperWidth.Mm58)));

        Assert.Equal(["合计:", "￥36.00", "元"], line.Segments.Select(segment => segment.Text));
        Assert.Equal([false, true, false], line.Segments.Select(segment => segment.Bold));
        Assert.Empty(ReceiptLayoutEngine.Layout("合计:<FB>￥36.00</FB>元", PaperWidth.Mm58).Warnings);
    }

    [Theory]
    [InlineData(PaperWidth.Mm58)]
    [InlineData(PaperWidth.Mm80)]
    public void LR_pads_the_right_part_to_the_line_end(PaperWidth paper)
    {
        var line = Assert.Single(TextLines(ReceiptLayoutEngine.Layout("<LR>宫保鸡丁x1,￥28.00</LR>", paper)));

        Assert.StartsWith("宫保鸡丁x1 ", line.Text, StringComparison.Ordinal);
        Assert.EndsWith(" ￥28.00", line.Text, StringComparison.Ordinal);
        Assert.Equal(paper.BytesPerLine(), line.Width);
        Assert.Equal(paper.BytesPerLine() - GbkWidth.Of("￥28.00"), ColumnOf(line, "￥28.00"));
    }

    [Fact]
    public void LR_with_a_long_left_part_puts_the_right_part_on_its_own_right_aligned_line()
    {
        var left = new string('菜', 15); // 30 bytes: no room for a 7-byte price on a 32-byte line
        var lines = TextLines(ReceiptLayoutEngine.Layout($"<LR>{left},￥28.00</LR>", PaperWidth.Mm58));

        Assert.Equal(2, lines.Count);
        Assert.Equal(left, lines[0].Text);
        Assert.Equal(32, lines[1].Width);
        Assert.Equal(25, ColumnOf(lines[1], "￥28.00"));
    }

    [Fact]
    public void Table_cells_start_at_fixed_columns_at_58mm()
    {
        const string content = "<table><tr><td>商品</td><td>数量</td><td>金额</td></tr><tr><td>可乐</td><td>2</td><td>6.00</td></tr></table>";

        var lines = TextLines(ReceiptLayoutEngine.Layout(content, PaperWidth.Mm58));

        // 32 bytes over 3 columns: 12 + 10 + 10.
        Assert.Equal(2, lines.Count);
        Assert.Equal((0, 12, 22), (ColumnOf(lines[0], "商品"), ColumnOf(lines[0], "数量"), ColumnOf(lines[0], "金额")));
        Assert.Equal((12, 22), (ColumnOf(lines[1], "2"), ColumnOf(lines[1], "6.00")));
    }

    [Fact]
    public void Table_cells_start_at_fixed_columns_at_80mm_with_four_columns()
    {
        const string content = "<table><tr><td>品名</td><td>单价</td><td>数量</td><td>小计</td></tr></table>";

        var line = Assert.Single(TextLines(ReceiptLayoutEngine.Layout(content, PaperWidth.Mm80)));

        Assert.Equal([0, 12, 24, 36], new[] { "品名", "单价", "数量", "小计" }.Select(cell => ColumnOf(line, cell)));
    }

    [Fact]
    public void A_long_table_cell_wraps_inside_its_column()
    {
        // First column is 12 bytes at 58 mm, one byte kept as a gap: 5 CJK characters per line.
        const string content = "<table><tr><td>香辣鸡腿堡套餐大份</td><td>1</td><td>32.00</td></tr></table>";

        var lines = TextLines(ReceiptLayoutEngine.Layout(content, PaperWidth.Mm58));

        Assert.Equal(2, lines.Count);
        Assert.StartsWith("香辣鸡腿堡", lines[0].Text, StringComparison.Ordinal);
        Assert.Equal(12, ColumnOf(lines[0], "1"));
        Assert.Equal("套餐大份", lines[1].Text.TrimEnd());
    }

    [Fact]
    public void Table_rows_with_other_than_three_or_four_cells_are_warned_about()
    {
        var layout = ReceiptLayoutEngine.Layout("<table><tr><td>a</td><td>b</td></tr></table>", PaperWidth.Mm58);

        Assert.Contains(layout.Warnings, warning => warning.Code == MarkupWarningCode.MisplacedTag);
        Assert.Equal(16, ColumnOf(Assert.Single(TextLines(layout)), "b"));
    }

    [Fact]
    public void Center_and_right_set_the_alignment_and_absorb_the_following_newline()
    {
        var layout = ReceiptLayoutEngine.Layout("<center>易联云小店</center>\n<right>2024-01-01</right>\n正文", PaperWidth.Mm58);

        Assert.Equal(
            [(TextAlignment.Center, "易联云小店"), (TextAlignment.Right, "2024-01-01"), (TextAlignment.Left, "正文")],
            layout.Lines.Cast<TextLine>().Select(line => (line.Alignment, line.Text)));
        Assert.Empty(layout.Warnings);
    }

    [Fact]
    public void Style_around_center_applies_to_the_centred_line()
    {
        var line = Assert.Single(TextLines(ReceiptLayoutEngine.Layout("<FS2><center>#1 美团</center></FS2>\n", PaperWidth.Mm58)));

        Assert.Equal(TextAlignment.Center, line.Alignment);
        Assert.Equal(2, Assert.Single(line.Segments).WidthScale);
        Assert.Equal(GbkWidth.Of("#1 美团") * 2, line.Width);
    }

    [Fact]
    public void An_empty_line_becomes_a_feed_line()
    {
        var layout = ReceiptLayoutEngine.Layout("第一行\r\n\r\n第三行", PaperWidth.Mm80);

        Assert.IsType<TextLine>(layout.Lines[0]);
        Assert.IsType<FeedLine>(layout.Lines[1]);
        Assert.Equal("第三行", Assert.IsType<TextLine>(layout.Lines[2]).Text);
        Assert.Equal(3, layout.Lines.Count);
    }

    [Fact]
    public void A_tab_advances_to_the_next_four_byte_stop()
    {
        var line = Assert.Single(TextLines(ReceiptLayoutEngine.Layout("a\tb", PaperWidth.Mm58)));

        Assert.Equal("a   b", line.Text);
    }

    [Fact]
    public void The_25th_layout_tag_is_honoured_and_the_26th_is_not()
    {
        var content = string.Concat(Enumerable.Repeat("<center>x</center>\n", 26));

        var layout = ReceiptLayoutEngine.Layout(content, PaperWidth.Mm58);

        var lines = TextLines(layout);
        Assert.Equal(26, lines.Count);
        Assert.All(lines.Take(25), line => Assert.Equal(TextAlignment.Center, line.Alignment));
        Assert.Equal(TextAlignment.Left, lines[25].Alignment);
        var warning = Assert.Single(layout.Warnings);
        Assert.Equal(MarkupWarningCode.LayoutTagLimitExceeded, warning.Code);
    }

    [Fact]
    public void The_25_use_limit_counts_table_center_right_and_LR_together()
    {
        var content = string.Concat(Enumerable.Repeat("<LR>a,b</LR>\n<right>c</right>\n", 12))
                      + "<table><tr><td>1</td><td>2</td><td>3</td></tr></table>\n";

        Assert.DoesNotContain(ReceiptLayoutEngine.Layout(content, PaperWidth.Mm58).Warnings,
            warning => warning.Code == MarkupWarningCode.LayoutTagLimitExceeded);
        var overLimit = ReceiptLayoutEngine.Layout(content + "<center>26</center>", PaperWidth.Mm58);
        Assert.Contains(overLimit.Warnings, warning => warning.Code == MarkupWarningCode.LayoutTagLimitExceeded);
        Assert.Equal(TextAlignment.Left, TextLines(overLimit)[^1].Alignment);
    }

    [Fact]
    public void LR_past_the_limit_prints_its_content_unformatted()
    {
        var content = string.Concat(Enumerable.Repeat("<center>x</center>\n", 25)) + "<LR>左,右</LR>";

        var last = TextLines(ReceiptLayoutEngine.Layout(content, PaperWidth.Mm58))[^1];

        Assert.Equal("左,右", last.Text);
    }

    [Theory]
    [InlineData("<CUT>", "飞鹅")]
    [InlineData("<BOLD>", "飞鹅")]
    [InlineData("<CENTER>", "<center>")]
    [InlineData("<foo>", "<foo>")]
    public void Unknown_tags_print_literally_with_a_warning(string tag, string hint)
    {
        var layout = ReceiptLayoutEngine.Layout($"订单{tag}结束", PaperWidth.Mm58);

        Assert.Equal($"订单{tag}结束", Assert.Single(TextLines(layout)).Text);
        var warning = Assert.Single(layout.Warnings);
        Assert.Equal(MarkupWarningCode.UnknownTag, warning.Code);
        Assert.Contains(tag, warning.Message, StringComparison.Ordinal);
        Assert.Contains(tag, warning.MessageZh, StringComparison.Ordinal);
        Assert.Contains(hint, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_tags_are_reported_once_per_name()
    {
        var layout = ReceiptLayoutEngine.Layout("a<CUT>b<CUT>c<PLUGIN>", PaperWidth.Mm58);

        Assert.Equal(2, layout.Warnings.Count);
    }

    [Fact]
    public void An_unclosed_style_tag_prints_literally()
    {
        var layout = ReceiptLayoutEngine.Layout("<FB>没有结束", PaperWidth.Mm58);

        var line = Assert.Single(TextLines(layout));
        Assert.Equal("<FB>没有结束", line.Text);
        Assert.False(Assert.Single(line.Segments).Bold);
        Assert.Equal(MarkupWarningCode.UnbalancedTag, Assert.Single(layout.Warnings).Code);
    }

    [Fact]
    public void A_stray_closing_tag_prints_literally()
    {
        var layout = ReceiptLayoutEngine.Layout("文字</center>", PaperWidth.Mm58);

        Assert.Equal("文字</center>", Assert.Single(TextLines(layout)).Text);
        Assert.Equal(MarkupWarningCode.UnbalancedTag, Assert.Single(layout.Warnings).Code);
    }

    [Fact]
    public void A_feieyun_style_BR_line_break_is_explained()
    {
        var layout = ReceiptLayoutEngine.Layout("第一行<BR>第二行", PaperWidth.Mm58);

        Assert.Equal("第一行<BR>第二行", Assert.Single(TextLines(layout)).Text);
        var warning = Assert.Single(layout.Warnings);
        Assert.Equal(MarkupWarningCode.UnbalancedTag, warning.Code);
        Assert.Contains("EAN-13", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<MN>3</MN>", 3, false)]
    [InlineData("<MN>9</MN>", 9, false)]
    [InlineData("<MN>12</MN>", 1, true)]
    [InlineData("<MN>x</MN>", 1, true)]
    [InlineData("", 1, false)]
    public void MN_sets_the_copy_count(string tag, int copies, bool warned)
    {
        var layout = ReceiptLayoutEngine.Layout(tag.Length == 0 ? "小票" : tag + "\n小票", PaperWidth.Mm58);

        Assert.Equal(copies, layout.Copies);
        Assert.Equal(warned, layout.Warnings.Any(warning => warning.Code == MarkupWarningCode.InvalidTagArgument));
        Assert.Equal("小票", Assert.Single(layout.Lines.Cast<TextLine>()).Text);
    }

    [Fact]
    public void QR_and_barcodes_become_their_own_lines()
    {
        const string content = "扫码取餐\n<QR>https://example.com/o/1?a=1&b=2</QR>\n<BR>6901234567892</BR>\n<BR2>AB-12</BR2>\n<BR3>0123456789</BR3>\n完";

        var layout = ReceiptLayoutEngine.Layout(content, PaperWidth.Mm80);

        Assert.Empty(layout.Warnings);
        Assert.Collection(layout.Lines,
            line => Assert.Equal("扫码取餐", Assert.IsType<TextLine>(line).Text),
            line => Assert.Equal("https://example.com/o/1?a=1&b=2", Assert.IsType<QrCodeLine>(line).Payload),
            line => Assert.Equal(new BarcodeLine("6901234567892", BarcodeSymbology.Ean13), line),
            line => Assert.Equal(new BarcodeLine("AB-12", BarcodeSymbology.Code128B), line),
            line => Assert.Equal(new BarcodeLine("0123456789", BarcodeSymbology.Code128C), line),
            line => Assert.Equal("完", Assert.IsType<TextLine>(line).Text));
    }

    [Theory]
    [InlineData("<BR>12AB</BR>", 1)]
    [InlineData("<BR>12345678901234</BR>", 1)]
    [InlineData("<BR2>ABCDEFGHIJKLMNO</BR2>", 1)]
    [InlineData("<BR3>12345678901234567890123456</BR3>", 0)] // 26 digits: even count, within 28
    public void Barcode_payloads_are_checked_and_still_laid_out(string content, int warnings)
    {
        var (argumentWarnings, line) = LayOutOneLine(content);

        Assert.Equal(warnings, argumentWarnings);
        Assert.IsType<BarcodeLine>(line);
    }

    [Fact]
    public void Code128C_rejects_an_odd_digit_count_over_25()
    {
        var layout = ReceiptLayoutEngine.Layout("<BR3>" + new string('1', 27) + "</BR3>", PaperWidth.Mm58);

        Assert.Equal(MarkupWarningCode.InvalidTagArgument, Assert.Single(layout.Warnings).Code);
    }

    [Fact]
    public void Sound_and_voice_tags_are_non_printing_instructions()
    {
        var layout = ReceiptLayoutEngine.Layout("<MA>2</MA>\n<audio>您有新的订单,5,0</audio>\n<MC>0,00000,0</MC>\n正文", PaperWidth.Mm58);

        Assert.Empty(layout.Warnings);
        Assert.Collection(layout.Lines,
            line => Assert.Equal(new InstructionLine(InstructionKind.OrderAlert, "MA", "2"), line),
            line => Assert.Equal(new InstructionLine(InstructionKind.Speech, "audio", "您有新的订单,5,0"), line),
            line => Assert.Equal(new InstructionLine(InstructionKind.OrderConfirmation, "MC", "0,00000,0"), line),
            line => Assert.Equal("正文", Assert.IsType<TextLine>(line).Text));
    }

    [Theory]
    [InlineData("<MS>1,3</MS>", false)]
    [InlineData("<MS>2,3</MS>", true)]
    [InlineData("<MS>1</MS>", true)]
    [InlineData("<MC>1,00030,0</MC>", false)]
    [InlineData("<MC>5,00030,0</MC>", true)]
    [InlineData("<MC>1,30,0</MC>", true)]
    [InlineData("<audio>您好,欢迎光临,5,3</audio>", false)] // commas inside the spoken text
    [InlineData("<audio>您好,10,3</audio>", true)]
    [InlineData("<audio>您好,5,2</audio>", true)]
    [InlineData("<PW>072</PW>", false)]
    [InlineData("<PW>120</PW>", true)]
    [InlineData("<MK>3</MK>", false)]
    [InlineData("<MK>4</MK>", true)]
    public void Instruction_arguments_are_checked_against_the_documented_formats(string content, bool warned)
    {
        var (argumentWarnings, line) = LayOutOneLine(content);

        Assert.Equal(warned, argumentWarnings > 0);
        Assert.IsType<InstructionLine>(line);
    }

    /// <summary>Lays out <paramref name="content"/>, one tag, on 58 mm: how many argument warnings it drew, and the one line it became.</summary>
    private static (int ArgumentWarnings, ReceiptLine Line) LayOutOneLine(string content)
    {
        var layout = ReceiptLayoutEngine.Layout(content, PaperWidth.Mm58);
        return (layout.Warnings.Count(warning => warning.Code == MarkupWarningCode.InvalidTagArgument), Assert.Single(layout.Lines));
    }

    [Fact]
    public void Content_over_the_length_limit_is_warned_about()
    {
        var layout = ReceiptLayoutEngine.Layout(new string('a', 32_768), PaperWidth.Mm58);

        Assert.Equal(MarkupWarningCode.ContentTooLong, Assert.Single(layout.Warnings).Code);
    }

    [Theory]
    [InlineData(PaperWidth.Mm58)]
    [InlineData(PaperWidth.Mm80)]
    public void A_typical_takeaway_receipt_lays_out_without_warnings_and_within_the_paper(PaperWidth paper)
    {
        const string receipt = """
            <MN>2</MN>
            <FS2><center>#18 美团外卖</center></FS2>
            <center>张记烧烤(科技园店)</center>
            下单时间:2024-03-01 12:30:45
            订单编号:1234567890123456789
            ********************************
            <table><tr><td>商品</td><td>数量</td><td>金额</td></tr><tr><td>羊肉串(微辣)</td><td>x10</td><td>35.00</td></tr><tr><td>冰镇可乐 Coca-Cola 500ml</td><td>x2</td><td>7.00</td></tr></table>
            <LR>配送费,￥4.00</LR>
            <LR><FB>实付</FB>,<FB>￥46.00</FB></LR>
            备注:不要香菜,多放辣椒,谢谢!Please call on arrival.
            <QR>https://example.com/order/18</QR>
            <right>谢谢惠顾</right>
            """;

        var layout = ReceiptLayoutEngine.Layout(receipt, paper);

        Assert.Empty(layout.Warnings);
        Assert.Equal(2, layout.Copies);
        Assert.Equal(paper, layout.Paper);
        Assert.All(TextLines(layout), line => Assert.True(line.Width <= paper.BytesPerLine(), $"'{line.Text}' is {line.Width} bytes"));
        Assert.Single(layout.Lines.OfType<QrCodeLine>());
        var paid = TextLines(layout).Single(line => line.Text.StartsWith("实付", StringComparison.Ordinal));
        Assert.True(paid.Segments[0].Bold && paid.Segments[^1].Bold);
        Assert.Equal(paper.BytesPerLine(), paid.Width);
    }
}
