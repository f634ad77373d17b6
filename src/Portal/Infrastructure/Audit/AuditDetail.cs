namespace Portal.Infrastructure.Audit;

/// <summary>
/// A detail for the audit log (or a timeline) written as an English sentence with its values, so pages and exports word
/// it in the reader's language. Stored as text: a marker, the sentence, then each value, separated by control
/// characters nobody types. A value made with <see cref="Word"/> is translated as well (a role, a way of connecting);
/// one made with <see cref="PlatformError"/> is shown in the platform's own words for its error code; one made with
/// <see cref="Refused"/> wraps a whole detail. Details kept as plain text (older rows) are shown as they are.
/// </summary>
public static class AuditDetail
{
    private const char Start = '\u001E';
    private const char Next = '\u001F';
    private const char WordMark = '\u001D';
    private const char ErrorMark = '\u001C';

    // A detail inside a detail: its own markers are swapped for these so the outer split leaves it whole.
    private const char NestedMark = '\u001A';
    private const char NestedNext = '\u0019';

    public static string Of(string sentence, params string?[] values) =>
        Start + sentence + string.Concat(values.Select(value => Next + (value ?? "")));

    /// <summary>A number as a value, written the same whatever the server's culture.</summary>
    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value that is itself English text to translate.</summary>
    public static string Word(string english) => WordMark + english;

    /// <summary>
    /// A platform refusal by its code, or what became of a call without a usable answer: an HTTP error status, a refused
    /// or dropped connection, an unreadable answer, or (any other exception: the portal's own time limit) no answer in time.
    /// </summary>
    public static string PlatformError(Exception error) => error is YilianyunException { Error: var e } ? e switch
        {
            { Kind: YilianyunErrorKind.Platform, Code: { } code } => ErrorMark + code.ToString(CultureInfo.InvariantCulture),
            { Kind: YilianyunErrorKind.Transport, TimedOut: true } => Word("no answer from the platform in time"),
            { Kind: YilianyunErrorKind.Transport, HttpStatus: { } status } => Nested(Of("the platform answered HTTP {0}", Number((int)status))),
            { Kind: YilianyunErrorKind.Transport } => Word("the platform could not be reached (the connection was refused or dropped)"),
            _ => Word("the platform's answer could not be read"),
        }
        : Word("no answer from the platform in time");

    /// <summary>What was attempted (a detail made with <see cref="Of"/>) and the platform's refusal of it.</summary>
    public static string Refused(string attempted, YilianyunException error) =>
        Of("{0}: {1}", Nested(attempted), PlatformError(error));

    private static string Nested(string detail) => detail.Length > 0 && detail[0] == Start
        ? NestedMark + detail[1..].Replace(Next, NestedNext)
        : detail;

    /// <summary>The detail in the current UI language.</summary>
    public static string Describe(IStringLocalizer L, string? detail)
    {
        if (string.IsNullOrEmpty(detail) || detail[0] != Start)
        {
            return detail ?? "";
        }

        var parts = detail[1..].Split(Next);
        var values = parts[1..].Select(value => (object)Value(L, value)).ToArray();
        return L[parts[0], values].Value;
    }

    private static string Value(IStringLocalizer L, string value)
    {
        if (value.Length > 0 && value[0] == WordMark)
        {
            return L[value[1..]].Value;
        }

        if (value.Length > 0 && value[0] == NestedMark)
        {
            return Describe(L, Start + value[1..].Replace(NestedNext, Next));
        }

        if (value.Length > 0 && value[0] == ErrorMark && int.TryParse(value[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            var (english, chinese) = YilianyunErrorCatalog.Describe(code);
            return $"{(PortalStringLocalizer.IsChinese(CultureInfo.CurrentUICulture) ? chinese : english)} ({code})";
        }

        return value;
    }
}
