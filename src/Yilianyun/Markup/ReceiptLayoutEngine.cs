namespace Yilianyun.Markup;

/// <summary>
/// Lays out 易联云 receipt markup (section 7 of the protocol reference) for a paper width: wraps text by GBK byte
/// width, pads LR lines and table columns, and reports problems as warnings instead of failing.
/// </summary>
public static class ReceiptLayoutEngine
{
    /// <summary>The most characters a job's content may have (no OAuth-API limit is published; the legacy API's is used).</summary>
    public const int MaxContentLength = MarkupTags.MaxContentLength;

    public static ReceiptLayout Layout(string content, PaperWidth paper)
    {
        ArgumentNullException.ThrowIfNull(content);
        var warnings = new MarkupWarnings();
        if (content.Length > MarkupTags.MaxContentLength)
        {
            warnings.ContentTooLong(content.Length);
        }

        var tokens = MarkupBalancer.Balance(MarkupTokenizer.Tokenize(content, warnings), warnings);
        var writer = new LayoutWriter(paper.BytesPerLine(), warnings);
        foreach (var token in tokens)
        {
            writer.Accept(token);
        }

        writer.Finish();
        return new ReceiptLayout(writer.Lines, warnings.Items, writer.Copies) { Paper = paper };
    }
}
