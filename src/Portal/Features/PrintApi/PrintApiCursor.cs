namespace Portal.Features.PrintApi;

/// <summary>
/// Where a list goes on: the creation time of the last row shown, and how many rows of that very time were shown (so
/// rows created in the same instant are neither repeated nor skipped). Opaque to callers: base64url text.
/// </summary>
public sealed record PrintApiCursor(DateTimeOffset At, int Skip)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public string Encode() =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{At.UtcTicks.ToString(CultureInfo.InvariantCulture)}.{Skip.ToString(CultureInfo.InvariantCulture)}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? text, out PrintApiCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/').PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
            var parts = Encoding.ASCII.GetString(Convert.FromBase64String(padded)).Split('.');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var skip))
            {
                cursor = new PrintApiCursor(new DateTimeOffset(ticks, TimeSpan.Zero), skip);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }

    /// <summary>The page (at most <paramref name="limit"/> of <paramref name="rows"/>, read one further) and the cursor after it.</summary>
    public static (IReadOnlyList<T> Page, string? Next) Paginate<T>(IReadOnlyList<T> rows, int limit, Func<T, DateTimeOffset> at, PrintApiCursor? after)
    {
        if (rows.Count <= limit)
        {
            return (rows, null);
        }

        var page = rows.Take(limit).ToList();
        var last = at(page[^1]);
        var skip = page.Count(r => at(r) == last) + (after?.At == last ? after.Skip : 0);
        return (page, new PrintApiCursor(last, skip).Encode());
    }
}
