namespace Portal.Features.Printing;

/// <summary>
/// The rules a print request keeps, each worded for the person: the print form shows them next to their fields
/// before anything is sent, and <see cref="PrintJobSubmitter"/> refuses a request that breaks one. Null means "fine".
/// </summary>
public static class PrintInputRules
{
    /// <summary>The platform's limit on what print/index accepts (the copies tag included).</summary>
    public const int MaxContentLength = ReceiptLayoutEngine.MaxContentLength;

    public const int MaxPictureUrlLength = 2_000;

    public const int MaxCopies = 9;

    public const int MaxPrintersPerSubmission = 50;

    public static string? Printers(IStringLocalizer L, int count) => count switch
    {
        0 => L["Choose at least one printer."].Value,
        > MaxPrintersPerSubmission => L["Print to at most {0} printers at once.", MaxPrintersPerSubmission].Value,
        _ => null,
    };

    public static string? Copies(IStringLocalizer L, PrintJobKind kind, int copies) =>
        copies is < 1 or > MaxCopies ? L["Copies must be between 1 and {0}.", MaxCopies].Value
        : kind == PrintJobKind.Picture && copies != 1 ? L["A picture prints one copy at a time."].Value
        : null;

    public static string? Picture(IStringLocalizer L, string? address)
    {
        var url = address?.Trim() ?? "";
        return url.Length == 0 ? L["Enter the address of the picture to print."].Value
            : url.Length > MaxPictureUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
              || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                ? L["The picture address must be a web address starting with http:// or https://."].Value
                : null;
    }

    /// <param name="written">What the person wrote (empty is refused).</param>
    /// <param name="toPrint">What goes to the platform, placeholders filled (its length with the copies is limited).</param>
    public static string? Receipt(IStringLocalizer L, string? written, string toPrint, int copies)
    {
        if (string.IsNullOrWhiteSpace(written))
        {
            return L["The receipt is empty. Write something to print."].Value;
        }

        var length = PrintJobSender.PlatformContent(toPrint, copies).Length;
        return length > MaxContentLength
            ? L["The receipt is {0} characters long; the platform accepts at most {1}.", length, MaxContentLength].Value
            : null;
    }

    /// <summary>The first rule <paramref name="request"/> breaks, in the order the form shows them.</summary>
    public static string? FirstProblem(IStringLocalizer L, PrintRequest request) =>
        Printers(L, request.PrinterIds?.Distinct().Count() ?? 0)
        ?? (request.Kind == PrintJobKind.Picture
            ? Picture(L, request.Content) ?? Copies(L, request.Kind, request.Copies)
            : Copies(L, request.Kind, request.Copies) ?? Receipt(L, request.Content, request.Content, request.Copies));
}
