namespace Portal.Infrastructure.Localization;

public static class SupportedCultures
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    public static readonly string[] All = [English, Chinese];

    /// <summary>Maps whatever a browser or a link asks for onto one of ours (zh, zh-Hans, zh-TW … → zh-CN).</summary>
    public static string Normalize(string? culture) =>
        culture is not null && culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Chinese : English;

    public static bool IsChinese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "zh";
}
