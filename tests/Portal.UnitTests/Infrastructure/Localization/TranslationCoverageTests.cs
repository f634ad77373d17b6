using Portal.UnitTests.Infrastructure.Tenancy;

namespace Portal.UnitTests.Infrastructure.Localization;

/// <summary>The UI speaks 中文 and English: every English text a page or service shows must have its Chinese.</summary>
public sealed partial class TranslationCoverageTests
{
    // L["..."] and PortalStringLocalizer.Shared["..."] with a literal key (string escapes allowed), and the sentences and
    // words of audit details (AuditDetail.Of("...") / AuditDetail.Word("...")), which are translated when shown.
    [GeneratedRegex("""(?:(?:\bL|Shared)\[|AuditDetail\.(?:Of|Word)\()"((?:[^"\\]|\\.)+)"[\],)]""")]
    private static partial Regex LocalizedLiteral();

    [Fact]
    public void Every_literal_text_in_the_portal_has_a_chinese_translation()
    {
        var root = Path.Combine(CrossTenantCallSiteTests.RepositoryRoot(), "src", "Portal");
        var chinese = PortalStringLocalizer.LoadChinese();
        var missing = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LocalizedLiteral().Matches(File.ReadAllText(f))
                .Select(m => (File: Path.GetRelativePath(root, f), Key: Regex.Unescape(m.Groups[1].Value))))
            .Where(x => !chinese.ContainsKey(x.Key))
            .Select(x => $"{x.File}: {x.Key}")
            .Distinct()
            .Order()
            .ToList();

        Assert.True(missing.Count == 0, "Add these to src/Portal/Infrastructure/Localization/zh-CN/*.json:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Translations_are_not_empty_and_keep_their_placeholders()
    {
        foreach (var (english, chinese) in PortalStringLocalizer.LoadChinese())
        {
            Assert.False(string.IsNullOrWhiteSpace(chinese), $"\"{english}\" has an empty translation.");
            if (english.StartsWith("Mud", StringComparison.Ordinal) && !english.Contains(' '))
            {
                // A MudBlazor resource id, not an English sentence: its placeholders are MudBlazor's own
                // (the data grid pager formats "{0}-{1} of {2}").
                continue;
            }

            var placeholders = Placeholder().Matches(english).Select(m => m.Value).Order();
            Assert.Equal(placeholders, Placeholder().Matches(chinese).Select(m => m.Value).Order());
        }
    }

    [Fact]
    public void The_localizer_answers_in_the_current_ui_language()
    {
        var localizer = PortalStringLocalizer.Shared;
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("登录", localizer["Log in"].Value);
            Assert.Equal("这是必填项。", localizer["This field is required."].Value);

            var untranslated = localizer["A sentence nobody translated"];
            Assert.Equal("A sentence nobody translated", untranslated.Value);
            Assert.True(untranslated.ResourceNotFound);

            CultureInfo.CurrentUICulture = new CultureInfo("en-US");
            Assert.Equal("Log in", localizer["Log in"].Value);
            Assert.Equal("You are invited to join Tea Room", localizer["You are invited to join {0}", "Tea Room"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void MudBlazor_texts_are_chinese_under_zh_and_left_to_mudblazors_own_english_otherwise()
    {
        var mud = new PortalMudLocalizer(new StringLocalizer<PortalMudLocalizer>(new PortalStringLocalizerFactory()));
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            // "Not found" is MudBlazor's signal to use its built-in English text.
            Assert.True(mud["MudDataGridPager_InfoFormat"].ResourceNotFound);

            CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
            Assert.Equal("第 {0}-{1} 条，共 {2} 条", mud["MudDataGridPager_InfoFormat"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
