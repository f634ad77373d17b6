using System.Text.RegularExpressions;

namespace Portal.Features.Printing;

/// <summary>What filling a template produced: the content to print, and the placeholders that need attention.</summary>
/// <param name="Content">The template with every placeholder that has a value replaced by it; the others stay as written.</param>
/// <param name="Empty">Placeholders without a value (they would print as "{name}").</param>
/// <param name="Unknown">Placeholders that are not among <see cref="ReceiptPlaceholders.Standard"/>: often a typo.</param>
public sealed record PlaceholderFill(string Content, IReadOnlyList<string> Empty, IReadOnlyList<string> Unknown)
{
    public bool IsComplete => Empty.Count == 0;
}

/// <summary>
/// Placeholders in receipt templates: a name in braces, such as <c>{order_no}</c> — a letter, then letters, digits or
/// underscores, at most 40 in all. Receipt markup itself never uses braces that way, so nothing else is mistaken for one.
/// </summary>
public static partial class ReceiptPlaceholders
{
    /// <summary>The names the built-in templates use and the print form labels in words.</summary>
    public static readonly IReadOnlyList<string> Standard =
        ["shop", "order_no", "time", "table", "queue_no", "waiting", "customer", "phone", "address", "total", "note"];

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]{0,39})\}")]
    private static partial Regex Placeholder();

    /// <summary>The distinct placeholder names in <paramref name="content"/>, in order of first use.</summary>
    public static IReadOnlyList<string> Find(string? content) =>
        string.IsNullOrEmpty(content)
            ? []
            : Placeholder().Matches(content).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

    public static bool IsStandard(string name) => Standard.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// Replaces each placeholder with its value from <paramref name="values"/> (names match exactly). A value that is
    /// missing or blank leaves the placeholder as written and lists it in <see cref="PlaceholderFill.Empty"/>.
    /// </summary>
    public static PlaceholderFill Fill(string content, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(values);
        var empty = new List<string>();
        var filled = Placeholder().Replace(content, match =>
        {
            var name = match.Groups[1].Value;
            if (values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }

            if (!empty.Contains(name, StringComparer.Ordinal))
            {
                empty.Add(name);
            }

            return match.Value;
        });
        return new PlaceholderFill(filled, empty, Find(content).Where(name => !IsStandard(name)).ToList());
    }
}
