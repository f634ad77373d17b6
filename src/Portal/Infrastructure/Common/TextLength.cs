using System.Diagnostics.CodeAnalysis;

namespace Portal.Infrastructure.Common;

public static class TextLength
{
    /// <summary>At most the first <paramref name="length"/> characters: what a column holds, where longer text is cut rather than refused.</summary>
    [return: NotNullIfNotNull(nameof(value))]
    public static string? Cut(this string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
