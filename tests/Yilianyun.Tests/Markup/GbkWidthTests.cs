namespace Yilianyun.Tests.Markup;

public class GbkWidthTests
{
    [Theory]
    [InlineData("abc", 3)]
    [InlineData("易联云", 6)]
    [InlineData("可乐x2", 6)]
    [InlineData("，。！", 6)] // full-width punctuation
    [InlineData("￥12.50", 7)] // full-width yen sign + ASCII
    [InlineData("ＡＢ", 4)] // full-width Latin letters
    [InlineData("", 0)]
    public void Counts_gbk_bytes(string text, int expected) => Assert.Equal(expected, GbkWidth.Of(text));

    [Fact]
    public void Characters_outside_gbk_count_as_the_one_byte_replacement()
    {
        // U+1F600 has no GBK encoding; the printer receives '?'.
        Assert.Equal(1, GbkWidth.Of("\U0001F600"));
    }

    [Theory]
    [InlineData(PaperWidth.Mm58, 32)]
    [InlineData(PaperWidth.Mm80, 48)]
    public void Paper_widths_hold_the_documented_bytes_per_line(PaperWidth paper, int bytes) =>
        Assert.Equal(bytes, paper.BytesPerLine());
}
