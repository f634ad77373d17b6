using Portal.Features.Printers;
using Portal.Features.Printing;

namespace Portal.Features.Printing;

/// <summary>
/// What the print page holds: printers, receipt markup with its placeholder values (or a picture address), copies.
/// <see cref="SubmissionKey"/> names this state of the form: it changes on every edit and after a successful print,
/// and stays the same otherwise, so a double click or a retry is recognised by the service and never prints twice.
/// </summary>
public sealed class PrintForm
{
    public IReadOnlyList<PrinterRow> Printers { get; private set; } = [];

    public PrintJobKind Kind { get; private set; } = PrintJobKind.Text;

    public string Content { get; private set; } = "";

    public IReadOnlyDictionary<string, string?> Values => values;

    public string PictureUrl { get; private set; } = "";

    public int Copies { get; private set; } = 1;

    public string SubmissionKey { get; private set; } = NewKey();

    private readonly Dictionary<string, string?> values = new(StringComparer.Ordinal);

    /// <summary>The receipt with its placeholders filled in, and those still empty.</summary>
    public PlaceholderFill Filled => ReceiptPlaceholders.Fill(Content, values);

    public void SetPrinters(IReadOnlyList<PrinterRow> printers) => Edit(() => Printers = printers);

    public void SetKind(PrintJobKind kind) => Edit(() => Kind = kind);

    public void SetContent(string content) => Edit(() => Content = content);

    public void SetValue(string placeholder, string? value) => Edit(() => values[placeholder] = value);

    public void SetPictureUrl(string url) => Edit(() => PictureUrl = url);

    public void SetCopies(int copies) => Edit(() => Copies = copies);

    /// <summary>After a successful print the same receipt may be printed again on purpose: that is a new submission.</summary>
    public void Submitted() => SubmissionKey = NewKey();

    public PrintRequest ToRequest() => new(
        Printers.Select(p => p.Id).ToList(),
        Kind,
        Kind == PrintJobKind.Text ? Filled.Content : PictureUrl.Trim(),
        // A picture prints one copy at a time; the copies field is for receipts.
        Kind == PrintJobKind.Text ? Copies : 1)
    {
        SubmissionKey = SubmissionKey,
    };

    /// <summary>The problems to fix before sending, each next to its field; none when the form may be sent.</summary>
    public PrintFormErrors Validate(IStringLocalizer L)
    {
        var printers = PrintInputRules.Printers(L, Printers.Count);
        if (Kind == PrintJobKind.Picture)
        {
            return new PrintFormErrors(printers, null, null, PrintInputRules.Picture(L, PictureUrl), null);
        }

        var filled = Filled;
        string? placeholders = filled.IsComplete
            ? null
            : L["Fill in these placeholders or take them out of the receipt: {0}", string.Join(", ", filled.Empty.Select(name => $"{{{name}}}"))].Value;
        return new PrintFormErrors(printers, PrintInputRules.Receipt(L, Content, filled.Content, Copies), placeholders, null,
            PrintInputRules.Copies(L, Kind, Copies));
    }

    private void Edit(Action change)
    {
        change();
        SubmissionKey = NewKey();
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");
}

/// <summary>One message per field of the print form (null when the field is fine).</summary>
public sealed record PrintFormErrors(string? Printers, string? Content, string? Placeholders, string? Picture, string? Copies)
{
    public IEnumerable<string> All => new[] { Printers, Content, Placeholders, Picture, Copies }.OfType<string>();

    public bool Any => All.Any();
}
