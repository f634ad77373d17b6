namespace Portal.Features.OpenApi;

/// <summary>
/// The masking the document's examples show. The document masks with a fixed number of stars, not one per hidden
/// character, so the length of the original does not leak ("li******40", "13******0170", "6523248***************03404").
/// Values are cut by text element, so a surrogate pair or a combined character is never split. Values too short for a
/// rule's visible parts show less, so a masked value never reveals the whole original.
/// </summary>
public static class OpenApiMasking
{
    /// <summary>"lisi201740" → "li******40": two first, six stars, two last.</summary>
    public static string Username(string? value) => Keep(value, head: 2, stars: 6, tail: 2);

    /// <summary>"李小龙" → "李**", "Alice Wong" → "A**** ****": the first character, then one star per character (spaces kept).</summary>
    public static string PersonName(string? value)
    {
        var elements = TextElements(value?.Trim());
        if (elements.Count == 0)
        {
            return string.Empty;
        }

        if (elements.Count == 1)
        {
            return "*";
        }

        var masked = new StringBuilder(elements[0]);
        foreach (var element in elements.Skip(1))
        {
            masked.Append(string.IsNullOrWhiteSpace(element) ? element : "*");
        }

        return masked.ToString();
    }

    /// <summary>A user's phone, "13812340170" → "13******0170".</summary>
    public static string UserPhone(string? value) => Keep(Compact(value), head: 2, stars: 6, tail: 4);

    /// <summary>A company or legal person's phone, "13312340170" → "133*****0170".</summary>
    public static string CompanyPhone(string? value) => Keep(Compact(value), head: 3, stars: 5, tail: 4);

    /// <summary>"652324819850303404" → "6523248***************03404".</summary>
    public static string TaxNumber(string? value) => Keep(Compact(value), head: 7, stars: 15, tail: 5);

    /// <summary>"水磨沟区新疆大盘鸡餐饮店" → "水磨沟区*******餐饮店".</summary>
    public static string CompanyName(string? value) => Keep(value?.Trim(), head: 4, stars: 7, tail: 3);

    /// <summary>"乌鲁木齐市沙依巴克区幸福巷186号" → "乌鲁木齐市***巷186号".</summary>
    public static string Address(string? value) => Keep(value?.Trim(), head: 5, stars: 3, tail: 5);

    /// <summary>
    /// <paramref name="head"/> first and <paramref name="tail"/> last text elements around a fixed run of stars. When
    /// the value is too short for at least a third of it to stay hidden (the document's examples hide about that much),
    /// the visible parts shrink in proportion, down to stars alone.
    /// </summary>
    internal static string Keep(string? value, int head, int stars, int tail)
    {
        var elements = TextElements(value);
        if (elements.Count == 0)
        {
            return string.Empty;
        }

        var hidden = (elements.Count + 2) / 3;
        var visible = Math.Min(head + tail, elements.Count - hidden);
        var shownHead = head + tail == 0 ? 0 : (int)Math.Ceiling(visible * (double)head / (head + tail));
        var shownTail = visible - shownHead;
        return string.Concat(elements.Take(shownHead)) + new string('*', stars) + string.Concat(elements.Skip(elements.Count - shownTail));
    }

    private static string? Compact(string? value) => value is null ? null : string.Concat(value.Where(c => !char.IsWhiteSpace(c) && c != '-'));

    private static List<string> TextElements(string? value)
    {
        var elements = new List<string>();
        if (string.IsNullOrEmpty(value))
        {
            return elements;
        }

        var enumerator = StringInfo.GetTextElementEnumerator(value);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        return elements;
    }
}
