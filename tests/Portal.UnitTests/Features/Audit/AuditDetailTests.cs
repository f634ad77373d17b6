namespace Portal.UnitTests.Features.Audit;

public sealed class AuditDetailTests
{
    /// <summary>A stored detail as a reader whose UI language is <paramref name="culture"/> sees it.</summary>
    internal static string InLanguage(string culture, string? detail)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            return AuditDetail.Describe(PortalStringLocalizer.Shared, detail);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void A_detail_is_worded_in_the_readers_language_with_its_values()
    {
        var detail = AuditDetail.Of("connected again ({0}, app {1})", AuditDetail.Word("authorized on 易联云"), "Portal");

        Assert.Equal("connected again (authorized on 易联云, app Portal)", InLanguage("en-US", detail));
        Assert.Equal("重新连接（在易联云上授权，应用 Portal）", InLanguage("zh-CN", detail));
    }

    [Fact]
    public void A_platform_error_is_shown_in_the_platforms_words_for_its_code()
    {
        var error = new YilianyunException(new YilianyunError(YilianyunErrorKind.Platform, "printer/getprintstatus", 18, "expired", null));
        var detail = AuditDetail.Of("verified: the platform answered the old token with {0}", AuditDetail.PlatformError(error));
        var (english, chinese) = YilianyunErrorCatalog.Describe(18);

        Assert.Equal($"verified: the platform answered the old token with {english} (18)", InLanguage("en-US", detail));
        Assert.Equal($"已核验：平台对旧令牌的回答是 {chinese} (18)", InLanguage("zh-CN", detail));
    }

    [Fact]
    public void A_refusal_words_what_was_attempted_and_the_platforms_reason_in_the_readers_language()
    {
        var error = new YilianyunException(new YilianyunError(YilianyunErrorKind.Platform, "printer/setsound", 32, "offline", null));
        var detail = AuditDetail.Refused(AuditDetail.Of("sound: {0}, volume {1}", AuditDetail.Word("horn"), "2"), error);
        var (english, chinese) = YilianyunErrorCatalog.Describe(32);

        Assert.Equal($"sound: horn, volume 2: {english} (32)", InLanguage("en-US", detail));
        Assert.Equal($"声音：喇叭，音量 2：{chinese} (32)", InLanguage("zh-CN", detail));
    }

    [Fact]
    public void Details_stored_as_plain_text_are_shown_as_they_are()
    {
        Assert.Equal("authorized on 易联云, app Portal", InLanguage("zh-CN", "authorized on 易联云, app Portal"));
        Assert.Equal("", InLanguage("zh-CN", null));
    }
}
