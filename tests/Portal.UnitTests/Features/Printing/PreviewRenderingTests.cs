using AngleSharp.Dom;
using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Printing;

/// <summary>
/// The live preview draws what the shared markup model lays out: 32 columns on 58 mm, 48 on 80 mm, bold, centring,
/// LR padding, table columns, QR codes and barcodes, with the model's warnings in the UI language.
/// </summary>
public sealed class PreviewRenderingTests : PortalComponentContext
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public PreviewRenderingTests()
    {
        Services.AddSingleton<TimeProvider>(clock);
    }

    [Theory]
    [InlineData(PaperWidth.Mm58, "384")]
    [InlineData(PaperWidth.Mm80, "576")]
    public void Bold_text_is_drawn_bold_and_plain_text_is_not(PaperWidth paper, string width)
    {
        var cut = Preview("<FB>Total 39.00</FB>\nThank you", paper);

        var lines = cut.FindAll(".ylr-line");
        Assert.Equal(2, lines.Count);
        Assert.Equal("Total 39.00", TextOf(lines[0]));
        Assert.Contains("font-weight: 700", lines[0].QuerySelector("span")!.GetAttribute("style"));
        Assert.Contains("font-weight: 400", lines[1].QuerySelector("span")!.GetAttribute("style"));
        Assert.Contains($"width: {width}px", cut.Find(".ylr-paper").GetAttribute("style"));
    }

    [Theory]
    [InlineData(PaperWidth.Mm58, 32)]
    [InlineData(PaperWidth.Mm80, 48)]
    public void Centered_lines_are_centered_and_LR_lines_are_padded_to_the_paper_width(PaperWidth paper, int columns)
    {
        var cut = Preview("<center>WELCOME</center>\n<LR>Tea,9.00</LR>", paper);

        var lines = cut.FindAll(".ylr-line");
        Assert.Contains("ylr-center", lines[0].ClassList);
        Assert.Equal("WELCOME", TextOf(lines[0]));
        Assert.DoesNotContain("ylr-center", lines[1].ClassList);
        Assert.Equal("Tea" + new string(' ', columns - 7) + "9.00", TextOf(lines[1]));
    }

    [Theory]
    [InlineData(PaperWidth.Mm58, new[] { 32, 16 })]
    [InlineData(PaperWidth.Mm80, new[] { 48 })]
    public void Long_lines_wrap_at_32_columns_on_58_mm_and_48_on_80_mm(PaperWidth paper, int[] widths)
    {
        var cut = Preview(new string('-', 48), paper);

        Assert.Equal(widths, cut.FindAll(".ylr-line").Select(line => TextOf(line).Length));
    }

    [Fact]
    public void Chinese_characters_take_two_columns_so_16_fit_on_58_mm()
    {
        var cut = Preview(new string('面', 20), PaperWidth.Mm58);

        Assert.Equal([16, 4], cut.FindAll(".ylr-line").Select(line => TextOf(line).Length));
        Assert.Contains("width: 24px", cut.Find(".ylr-c").GetAttribute("style"));
    }

    [Theory]
    [InlineData(PaperWidth.Mm58, "A           B         C")]
    [InlineData(PaperWidth.Mm80, "A               B               C")]
    public void A_three_column_table_puts_each_cell_at_its_column(PaperWidth paper, string row)
    {
        var cut = Preview("<table><tr><td>A</td><td>B</td><td>C</td></tr></table>", paper);

        Assert.Equal(row, TextOf(cut.Find(".ylr-line")));
    }

    [Fact]
    public void A_four_column_table_splits_58_mm_into_columns_of_8()
    {
        var cut = Preview("<table><tr><td>Item</td><td>Price</td><td>Qty</td><td>Sum</td></tr></table>", PaperWidth.Mm58);

        Assert.Equal("Item    Price   Qty     Sum", TextOf(cut.Find(".ylr-line")));
    }

    [Theory]
    [InlineData(PaperWidth.Mm58, "192")]
    [InlineData(PaperWidth.Mm80, "232")]
    public void A_QR_code_is_drawn_as_an_image_of_its_payload(PaperWidth paper, string size)
    {
        var cut = Preview("Scan me\n<QR>https://example.com/o/42</QR>", paper);

        var image = cut.Find(".ylr-block img");
        Assert.StartsWith("data:image/png;base64,", image.GetAttribute("src"));
        Assert.Equal("QR: https://example.com/o/42", image.GetAttribute("alt"));
        Assert.Equal(size, image.GetAttribute("width"));
        Assert.Empty(cut.FindAll("[data-testid=preview-warnings]"));
    }

    [Fact]
    public void A_barcode_is_drawn_with_its_digits_under_it()
    {
        var cut = Preview("<BR>6901234567892</BR>", PaperWidth.Mm58);

        Assert.NotNull(cut.Find(".ylr-block svg"));
        Assert.Equal("6901234567892", cut.Find(".ylr-block small").TextContent);
    }

    [Fact]
    public void Unknown_tags_and_bad_arguments_are_listed_under_the_preview_in_the_ui_language()
    {
        const string content = "<B>Feieyun bold</B>\n<BR>12ab</BR>";
        var english = Preview(content, PaperWidth.Mm58);

        var warnings = english.Find("[data-testid=preview-warnings]").TextContent;
        Assert.Contains("<B> is a 飞鹅 (Feieyun) tag", warnings);
        Assert.Contains("an EAN-13 barcode takes up to 13 digits", warnings);

        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            var chinese = Preview(content, PaperWidth.Mm58);
            Assert.Contains("是飞鹅云的标签", chinese.Find("[data-testid=preview-warnings]").TextContent);
            Assert.Contains("每行 32 个字符（16 个汉字）", chinese.Markup);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void The_length_counts_against_the_limit_and_turns_red_past_it()
    {
        var fits = Preview("12345", PaperWidth.Mm58, maxLength: 5);
        var over = Preview("123456", PaperWidth.Mm58, maxLength: 5);

        Assert.Equal("5 of 5 characters", fits.Find("[data-testid=preview-length]").TextContent.Trim());
        Assert.DoesNotContain("mud-error-text", fits.Find("[data-testid=preview-length]").ClassName);
        Assert.Contains("mud-error-text", over.Find("[data-testid=preview-length]").ClassName);
    }

    [Fact]
    public void Typing_updates_the_preview_after_a_pause_not_on_every_keystroke()
    {
        var cut = Preview("first", PaperWidth.Mm58);

        cut.Render(p => p.Add(x => x.Content, "second"));
        Assert.Equal("first", TextOf(cut.Find(".ylr-line")));
        clock.Advance(TimeSpan.FromMilliseconds(150));
        cut.Render(p => p.Add(x => x.Content, "third"));
        clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal("first", TextOf(cut.Find(".ylr-line")));

        clock.Advance(TimeSpan.FromMilliseconds(100));
        cut.WaitForAssertion(() => Assert.Equal("third", TextOf(cut.Find(".ylr-line"))));
    }

    [Fact]
    public void The_paper_toggle_switches_to_80_mm_at_once_and_reports_the_choice()
    {
        PaperWidth? chosen = null;
        var cut = Render<ReceiptPreview>(p => p.Add(x => x.Content, new string('=', 40)).Add(x => x.MaxLength, 20_000)
            .Add(x => x.PaperChanged, paper => chosen = paper));

        cut.Find("[data-testid=preview-paper-80]").Click();

        Assert.Equal(PaperWidth.Mm80, chosen);
        Assert.Equal([40], cut.FindAll(".ylr-line").Select(line => TextOf(line).Length));
        Assert.Contains("width: 576px", cut.Find(".ylr-paper").GetAttribute("style"));
    }

    [Fact]
    public void Copies_are_named_and_one_copy_is_drawn()
    {
        var cut = Render<ReceiptPreview>(p => p.Add(x => x.Content, "Hello").Add(x => x.Copies, 3).Add(x => x.MaxLength, 20_000));

        Assert.Contains("3 copies", cut.Find("[data-testid=preview-copies]").TextContent);
        Assert.Single(cut.FindAll(".ylr-line"));
    }

    private IRenderedComponent<ReceiptPreview> Preview(string content, PaperWidth paper, int maxLength = 20_000) =>
        Render<ReceiptPreview>(p => p.Add(x => x.Content, content).Add(x => x.Paper, paper).Add(x => x.MaxLength, maxLength));

    /// <summary>A drawn line as the printer prints it: one box per character (spaces included).</summary>
    private static string TextOf(IElement line) => string.Concat(line.QuerySelectorAll(".ylr-c").Select(box => box.TextContent));
}
