namespace Yilianyun.Markup;

public enum MarkupWarningCode
{
    /// <summary>A tag the platform does not know (often a 飞鹅/Feieyun tag); it is printed literally.</summary>
    UnknownTag,

    /// <summary>An opening tag without its closing tag, or the reverse; the tag is printed literally.</summary>
    UnbalancedTag,

    /// <summary>More than 25 uses of table/center/right/LR in one job; the extra uses print unformatted.</summary>
    LayoutTagLimitExceeded,

    /// <summary>The content is longer than the platform accepts.</summary>
    ContentTooLong,

    /// <summary>A tag's argument is outside what the platform documents (copies 1–9, barcode digits…).</summary>
    InvalidTagArgument,

    /// <summary>A tag used where the platform does not support it (tags or newlines in table cells, nested blocks…).</summary>
    MisplacedTag,
}

/// <summary>A problem found in receipt markup, explained in English and Chinese.</summary>
public sealed record MarkupWarning(MarkupWarningCode Code, string Message, string MessageZh);
