namespace Yilianyun.Tests.Markup;

public class ReceiptPlainTextTests
{
    [Fact]
    public void Renders_alignment_padding_and_placeholders_at_58mm()
    {
        const string content = "<MA>1</MA>\n<center>小票</center>\n<LR>可乐,￥3</LR>\n<right>谢谢</right>\n\n<QR>abc</QR>";

        var text = ReceiptPlainText.Render(ReceiptLayoutEngine.Layout(content, PaperWidth.Mm58));

        // 小票 is 4 bytes: (32 - 4) / 2 = 14 spaces. 可乐 (4) + ￥3 (3) leave 25. 谢谢 (4) right: 28. "[QR abc]" (8): 12.
        Assert.Equal(
            new string(' ', 14) + "小票\n"
            + "可乐" + new string(' ', 25) + "￥3\n"
            + new string(' ', 28) + "谢谢\n"
            + "\n"
            + new string(' ', 12) + "[QR abc]\n",
            text);
    }

    [Fact]
    public void Enlarged_text_is_centred_by_its_printed_width()
    {
        var text = ReceiptPlainText.Render(ReceiptLayoutEngine.Layout("<FS2><center>#1</center></FS2>", PaperWidth.Mm80));

        // "#1" is 2 bytes, 4 at double width: (48 - 4) / 2 = 22.
        Assert.Equal(new string(' ', 22) + "#1\n", text);
    }
}
