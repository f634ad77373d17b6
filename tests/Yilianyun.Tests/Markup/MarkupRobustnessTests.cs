namespace Yilianyun.Tests.Markup;

/// <summary>Arbitrary mixes of tags, text and newlines never throw, and lines without tables stay within the paper.</summary>
public class MarkupRobustnessTests
{
    private static readonly string[] Pieces =
    [
        "<FB>", "</FB>", "<FS2>", "</FS2>", "<FW>", "</FW>", "<FH2>", "</FH2>", "<center>", "</center>", "<right>", "</right>",
        "<LR>", "</LR>", ",", "<QR>", "</QR>", "<BR2>", "</BR2>", "<MN>", "</MN>", "<CUT>", "<BR>", "<audio>", "</audio>",
        "\n", "\r\n", "\t", "@@2", "<", ">", "</", "汉字", "￥12.50", "abc ", "全角，标点。", "\U0001F600", "1", "x",
    ];

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_markup_lays_out_within_the_paper(int seed)
    {
        var random = new Random(seed);
        var content = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            content.Append(Pieces[random.Next(Pieces.Length)]);
        }

        foreach (var paper in new[] { PaperWidth.Mm58, PaperWidth.Mm80 })
        {
            var layout = ReceiptLayoutEngine.Layout(content.ToString(), paper);

            Assert.InRange(layout.Copies, 1, 9);
            Assert.All(layout.Lines.OfType<TextLine>(), line => Assert.InRange(line.Width, 0, paper.BytesPerLine()));
        }
    }

    [Theory]
    [InlineData(PaperWidth.Mm58)]
    [InlineData(PaperWidth.Mm80)]
    public void Random_three_and_four_column_tables_keep_every_character_within_the_paper(PaperWidth paper)
    {
        var random = new Random(11);
        string[] words = ["名称很长的商品", "12.00", "x2", "香辣鸡腿堡套餐（大）", "Coca-Cola 500ml", "", "备注：少冰"];
        var content = new StringBuilder("<table>");
        var cellText = new StringBuilder();
        for (var row = 0; row < 30; row++)
        {
            content.Append("<tr>");
            for (var column = 0; column < 3 + random.Next(2); column++)
            {
                var word = words[random.Next(words.Length)];
                cellText.Append(word);
                content.Append("<td>").Append(random.Next(4) == 0 ? $"<FB>{word}</FB>" : word).Append("</td>");
            }

            content.Append("</tr>");
        }

        content.Append("</table>");

        var layout = ReceiptLayoutEngine.Layout(content.ToString(), paper);

        var lines = layout.Lines.Cast<TextLine>().ToList();
        Assert.All(lines, line => Assert.InRange(line.Width, 0, paper.BytesPerLine()));
        // Wrapped cells interleave across lines, so compare the characters regardless of order.
        static string Characters(string text) => string.Concat(text.Where(c => c != ' ').Order());
        Assert.Equal(Characters(cellText.ToString()), Characters(string.Concat(lines.Select(line => line.Text))));
    }
}
