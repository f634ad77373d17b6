namespace Yilianyun.Markup;

/// <summary>Collects warnings for one layout, each kind of problem reported once per tag.</summary>
internal sealed class MarkupWarnings
{
    private readonly List<MarkupWarning> items = [];
    private readonly HashSet<string> reported = new(StringComparer.Ordinal);

    public IReadOnlyList<MarkupWarning> Items => items;

    public void UnknownTag(string name)
    {
        var variant = MarkupTags.CaseVariantOf(name);
        var (en, zh) = MarkupTags.IsFeieyunTag(name)
            ? ($"<{name}> is a 飞鹅 (Feieyun) tag, not a 易联云 tag; it will be printed literally.",
               $"<{name}> 是飞鹅云的标签,易联云不支持,将按原文打印。")
            : variant is not null
                ? ($"Unknown tag <{name}> will be printed literally; tags are case-sensitive, did you mean <{variant}>?",
                   $"未知标签 <{name}> 将按原文打印;标签区分大小写,是否应为 <{variant}>?")
                : ($"Unknown tag <{name}> will be printed literally.", $"未知标签 <{name}> 将按原文打印。");
        Once("unknown:" + name, MarkupWarningCode.UnknownTag, en, zh);
    }

    public void Unbalanced(string literal, string name)
    {
        if (name == "BR")
        {
            Once("unbalanced:" + literal, MarkupWarningCode.UnbalancedTag,
                $"{literal} has no partner and is printed literally. On 易联云 <BR>…</BR> is an EAN-13 barcode, not a line break (that is 飞鹅); use a newline.",
                $"{literal} 未配对,将按原文打印。易联云的 <BR>…</BR> 是 EAN-13 条码,不是换行(那是飞鹅的写法),换行请直接用换行符。");
            return;
        }

        Once("unbalanced:" + literal, MarkupWarningCode.UnbalancedTag,
            $"{literal} has no matching tag and is printed literally.",
            $"{literal} 没有配对的标签,将按原文打印。");
    }

    public void LayoutTagLimitExceeded(string name) =>
        Once("limit", MarkupWarningCode.LayoutTagLimitExceeded,
            $"table, center, right and LR are honoured at most {MarkupTags.LayoutTagLimit} times per job; <{name}> and later uses print unformatted.",
            $"table、center、right、LR 标签每单合计最多生效 {MarkupTags.LayoutTagLimit} 次;从 <{name}> 起超出部分将不排版直接打印。");

    public void ContentTooLong(int length) =>
        Once("length", MarkupWarningCode.ContentTooLong,
            $"Content is {length} characters; the platform accepts at most {MarkupTags.MaxContentLength}.",
            $"打印内容共 {length} 个字符,超过平台上限 {MarkupTags.MaxContentLength}。");

    public void InvalidArgument(string name, string argument, string ruleEn, string ruleZh) =>
        Once($"argument:{name}:{argument}", MarkupWarningCode.InvalidTagArgument,
            $"<{name}>{argument}</{name}>: {ruleEn}",
            $"<{name}>{argument}</{name}>:{ruleZh}");

    public void Misplaced(string key, string en, string zh) =>
        Once("misplaced:" + key, MarkupWarningCode.MisplacedTag, en, zh);

    private void Once(string key, MarkupWarningCode code, string en, string zh)
    {
        if (reported.Add(key))
        {
            items.Add(new MarkupWarning(code, en, zh));
        }
    }
}
