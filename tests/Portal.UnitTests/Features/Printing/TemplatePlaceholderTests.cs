using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Printing;

/// <summary>Placeholders found and filled, and the built-in templates: valid markup in both languages.</summary>
public sealed class TemplatePlaceholderTests
{
    [Fact]
    public void Placeholders_are_found_once_each_in_order_of_first_use()
    {
        var found = ReceiptPlaceholders.Find("<FB>{order_no}</FB> {total} {order_no} {ordr_no} <JSON>{\"a\":1}</JSON> {1x} {} {x y}");

        Assert.Equal(["order_no", "total", "ordr_no"], found);
        Assert.Empty(ReceiptPlaceholders.Find(""));
        Assert.Empty(ReceiptPlaceholders.Find(null));
    }

    [Fact]
    public void Filling_replaces_every_use_and_flags_empty_and_unknown_placeholders()
    {
        var values = new Dictionary<string, string?> { ["order_no"] = "A1024", ["total"] = "  ", ["ordr_no"] = "x" };

        var fill = ReceiptPlaceholders.Fill("No. {order_no} ({order_no}) total {total} {note} {ordr_no}", values);

        Assert.Equal("No. A1024 (A1024) total {total} {note} x", fill.Content);
        Assert.Equal(["total", "note"], fill.Empty);
        Assert.Equal(["ordr_no"], fill.Unknown);
        Assert.False(fill.IsComplete);
    }

    [Fact]
    public void A_value_that_looks_like_a_placeholder_is_not_filled_again()
    {
        var fill = ReceiptPlaceholders.Fill("{note}|{total}", new Dictionary<string, string?> { ["note"] = "{total}", ["total"] = "9.90" });

        Assert.Equal("{total}|9.90", fill.Content);
        Assert.True(fill.IsComplete);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-CN")]
    public void Built_in_templates_lay_out_on_58_mm_without_warnings_before_and_after_filling(string culture)
    {
        var templates = BuiltInTemplates.For(new CultureInfo(culture));

        Assert.Equal(["takeaway", "kitchen", "queue"], templates.Select(t => t.Key));
        foreach (var template in templates)
        {
            var values = ReceiptPlaceholders.Find(template.Content).ToDictionary(name => name, SampleValue);
            var filled = ReceiptPlaceholders.Fill(template.Content, values);

            Assert.Empty(ReceiptLayoutEngine.Layout(template.Content, PaperWidth.Mm58).Warnings);
            Assert.Empty(ReceiptLayoutEngine.Layout(filled.Content, PaperWidth.Mm58).Warnings);
            Assert.Empty(filled.Unknown);
            Assert.True(filled.IsComplete);
            // Nothing wider than the paper: every text line fits the 32 columns of 58 mm.
            Assert.All(ReceiptLayoutEngine.Layout(filled.Content, PaperWidth.Mm58).Lines.OfType<TextLine>(), line => Assert.True(line.Width <= 32, line.Text));
        }
    }

    [Fact]
    public void Built_ins_speak_chinese_under_a_chinese_ui_and_english_otherwise()
    {
        Assert.Equal("外卖订单", BuiltInTemplates.Find("takeaway", new CultureInfo("zh-CN"))!.Name);
        Assert.Contains("谢谢惠顾", BuiltInTemplates.Find("takeaway", new CultureInfo("zh-CN"))!.Content);
        Assert.Equal("Takeaway order", BuiltInTemplates.Find("takeaway", new CultureInfo("en-US"))!.Name);
        Assert.DoesNotContain(BuiltInTemplates.For(new CultureInfo("en-US")).SelectMany(t => t.Content), c => c > '\u2E80');
        Assert.Null(BuiltInTemplates.Find("nope"));
    }

    [Fact]
    public void The_takeaway_template_prints_the_parts_a_takeaway_receipt_needs()
    {
        var template = BuiltInTemplates.Find("takeaway", new CultureInfo("en"))!;
        var layout = ReceiptLayoutEngine.Layout(template.Content, PaperWidth.Mm58);

        Assert.Contains(layout.Lines.OfType<TextLine>(), line => line.Alignment == TextAlignment.Center && line.Segments.Any(s => s.WidthScale == 2));
        Assert.Single(layout.Lines.OfType<QrCodeLine>());
        // Each item row of the table stays on one line: no cell wraps in its column.
        Assert.Contains(layout.Lines.OfType<TextLine>(), line => line.Text.StartsWith("Noodle soup", StringComparison.Ordinal) && line.Text.Contains("x1", StringComparison.Ordinal));
        Assert.Contains(layout.Lines.OfType<TextLine>(), line => line.Text.StartsWith("Braised egg", StringComparison.Ordinal) && line.Text.Contains("x2", StringComparison.Ordinal));
        Assert.Contains(layout.Lines.OfType<TextLine>(), line => line.Text.StartsWith("TOTAL", StringComparison.Ordinal) && line.Text.EndsWith("{total}", StringComparison.Ordinal)
                                                               && line.Segments.Any(s => s.Bold && s.Text.Contains("TOTAL", StringComparison.Ordinal)));
        Assert.Equal(["shop", "order_no", "time", "total", "customer", "phone", "address", "note"], ReceiptPlaceholders.Find(template.Content));
    }

    [Fact]
    public void Every_standard_placeholder_has_words_in_both_languages()
    {
        var L = new StringLocalizer<TemplatePlaceholderTests>(new PortalStringLocalizerFactory());
        var chinese = PortalStringLocalizer.LoadChinese();

        foreach (var name in ReceiptPlaceholders.Standard)
        {
            var label = PlaceholderText.Label(L, name);
            Assert.NotEqual(name, label);
            Assert.True(chinese.ContainsKey(label), $"{label} has no Chinese.");
        }
    }

    private static string? SampleValue(string name) => name switch
    {
        "shop" => "Golden Bowl 金碗面馆",
        "order_no" => "20261123-0042",
        "time" => "2026-11-23 12:30",
        "total" => "39.00",
        "customer" => "Li Lei",
        "phone" => "138 0000 0000",
        "address" => "Room 1203, 88 Century Avenue, Pudong, Shanghai",
        "queue_no" => "A042",
        "waiting" => "6",
        "table" => "12",
        _ => "Less spicy, no coriander",
    };
}
