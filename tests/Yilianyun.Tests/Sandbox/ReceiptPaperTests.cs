using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Logging.Abstractions;
using Yilianyun.Sandbox.Rendering;

namespace Yilianyun.Tests.Sandbox;

/// <summary>The receipt renderer, rendered to HTML with the framework's HtmlRenderer (no host needed).</summary>
public sealed class ReceiptPaperTests
{
    private static async Task<string> RenderAsync(string content, PaperWidth paper, bool showWarnings = false)
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        await using var renderer = new HtmlRenderer(services, NullLoggerFactory.Instance);
        var layout = ReceiptLayoutEngine.Layout(content, paper);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<ReceiptPaper>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(ReceiptPaper.Layout)] = layout,
                [nameof(ReceiptPaper.ShowWarnings)] = showWarnings,
            }));
            return output.ToHtmlString();
        });
        return WebUtility.HtmlDecode(html);
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Theory]
    [InlineData(PaperWidth.Mm58, "width: 384px")]
    [InlineData(PaperWidth.Mm80, "width: 576px")]
    public async Task The_strip_is_as_wide_as_the_printable_columns(PaperWidth paper, string width)
    {
        var html = await RenderAsync("hello", paper);

        Assert.Contains($"class=\"ylr-paper\" style=\"{width}\"", html);
    }

    [Fact]
    public async Task Characters_take_the_columns_the_printer_counts_and_styles_carry_over()
    {
        var html = await RenderAsync("<FB>粗</FB>a<FW2>W</FW2>", PaperWidth.Mm58);

        Assert.Contains("font-weight: 700\"><span class=\"ylr-c\" style=\"width: 24px\"><span>粗</span>", html);
        Assert.Contains("style=\"width: 12px\"><span>a</span>", html);
        Assert.Contains("style=\"width: 24px\"><span style=\"transform: scaleX(2)\">W</span>", html);
    }

    [Fact]
    public async Task Alignment_enlarged_height_qr_and_barcodes_are_drawn()
    {
        var html = await RenderAsync("<center>中</center><right>r</right><FH2>高</FH2>\n<QR>https://x.example</QR><BR2>AB12</BR2><BR3>1234</BR3><BR>400638133393</BR>", PaperWidth.Mm58);

        Assert.Contains("ylr-line ylr-center", html);
        Assert.Contains("ylr-line ylr-right", html);
        Assert.Contains("height: 56px", html);
        Assert.Contains("<img src=\"data:image/png;base64,", html);
        Assert.Equal(3, Count(html, "<svg "));
        Assert.Contains("<small>400638133393</small>", html);
    }

    [Fact]
    public async Task Copies_repeat_the_receipt_and_warnings_are_listed_on_request()
    {
        var html = await RenderAsync("<MN>3</MN>line<CUT>", PaperWidth.Mm58, showWarnings: true);

        Assert.Equal(2, Count(html, "class=\"ylr-tear\""));
        Assert.Contains("class=\"ylr-warnings\"", html);
        Assert.Contains("CUT", html[html.IndexOf("ylr-warnings", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void The_code128_table_is_well_formed()
    {
        var patterns = BarcodeSvg.Code128Patterns;

        Assert.Equal(107, patterns.Length);
        Assert.Equal(107, patterns.Distinct().Count());
        for (var value = 0; value < 106; value++)
        {
            var widths = patterns[value].Select(c => c - '0').ToArray();
            Assert.Equal(11, widths.Sum());
            // Code 128 parity: the three bars of every symbol cover an even number of modules.
            Assert.Equal(0, (widths[0] + widths[2] + widths[4]) % 2);
        }

        Assert.Equal(13, patterns[106].Sum(c => c - '0'));
    }

    [Theory]
    [InlineData("AB12", new[] { 104, 33, 34, 17, 18 })]
    [InlineData("Hi!", new[] { 104, 40, 73, 1 })]
    public void Code128B_values_end_with_the_modulo_103_checksum(string payload, int[] expectedWithoutChecksum)
    {
        var values = BarcodeSvg.Code128BValues(payload)!;

        var weighted = expectedWithoutChecksum[0] + expectedWithoutChecksum.Skip(1).Select((v, i) => v * (i + 1)).Sum();
        Assert.Equal([.. expectedWithoutChecksum, weighted % 103], values);
    }

    [Fact]
    public void Code128C_packs_digit_pairs_and_sends_an_odd_last_digit_in_subset_b()
    {
        Assert.Equal([105, 12, 34, 56, (105 + 12 + 68 + 168) % 103], BarcodeSvg.Code128CValues("123456"));
        Assert.Equal([105, 12, 100, 19, (105 + 12 + 200 + 57) % 103], BarcodeSvg.Code128CValues("123"));
        Assert.Null(BarcodeSvg.Code128CValues("12a"));
        Assert.Null(BarcodeSvg.Code128BValues("中文"));
    }

    [Fact]
    public void Ean13_computes_or_checks_the_check_digit_and_has_95_modules_with_guards()
    {
        var computed = BarcodeSvg.Ean13Modules("400638133393")!;

        Assert.Equal(computed, BarcodeSvg.Ean13Modules("4006381333931"));
        Assert.Null(BarcodeSvg.Ean13Modules("4006381333932"));
        Assert.Equal(95, computed.Length);
        Assert.Equal(("101", "01010", "101"), (computed[..3], computed[45..50], computed[92..]));
        // First digit 4 → parity LGLLGG for 0,0,6,…: L(0) 0001101, G(0) 0100111, L(6) 0101111; right side R(1) 1100110 last.
        Assert.Equal("0001101", computed[3..10]);
        Assert.Equal("0100111", computed[10..17]);
        Assert.Equal("0101111", computed[17..24]);
        Assert.Equal("1100110", computed[85..92]);
    }
}
