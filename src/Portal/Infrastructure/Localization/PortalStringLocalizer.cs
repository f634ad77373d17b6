namespace Portal.Infrastructure.Localization;

/// <summary>
/// The portal's text: the English sentence is the key, and Chinese translations live in embedded JSON files under
/// <c>Localization/zh-CN/</c>, one per feature, merged at start. A missing translation falls back to English.
/// </summary>
public sealed class PortalStringLocalizer : IStringLocalizer
{
    private static readonly Lazy<PortalStringLocalizer> SharedInstance = new(() => new PortalStringLocalizer(LoadChinese()));

    private readonly FrozenDictionary<string, string> _chinese;

    /// <summary>The one instance, for places DI cannot reach (validation attributes).</summary>
    public static PortalStringLocalizer Shared => SharedInstance.Value;

    public PortalStringLocalizer(FrozenDictionary<string, string> chinese) => _chinese = chinese;

    public LocalizedString this[string name] => Translate(name, name);

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var text = Translate(name, name);
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, text.Value, arguments), text.ResourceNotFound);
        }
    }

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        _chinese.Select(pair => new LocalizedString(pair.Key, pair.Value));

    public static bool IsChinese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";

    private LocalizedString Translate(string name, string fallback)
    {
        if (IsChinese(CultureInfo.CurrentUICulture))
        {
            return _chinese.TryGetValue(name, out var zh)
                ? new LocalizedString(name, zh)
                : new LocalizedString(name, fallback, resourceNotFound: true);
        }

        return new LocalizedString(name, fallback);
    }

    /// <summary>Reads and merges every embedded <c>zh-CN/*.json</c>; a key translated two different ways is a mistake.</summary>
    public static FrozenDictionary<string, string> LoadChinese()
    {
        var assembly = typeof(PortalStringLocalizer).Assembly;
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames()
                     // The compiler names embedded resources after their folder with '-' turned into '_'.
                     .Where(n => n.Contains(".Localization.zh_CN.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(stream)
                ?? throw new InvalidOperationException($"{resource} is empty.");
            foreach (var (key, value) in entries)
            {
                if (merged.TryGetValue(key, out var earlier) && earlier != value)
                {
                    throw new InvalidOperationException($"The text \"{key}\" has two different translations ({resource}).");
                }

                merged[key] = value;
            }
        }

        return merged.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

/// <summary>Hands the one portal localizer to every <see cref="IStringLocalizer{T}"/>.</summary>
public sealed class PortalStringLocalizerFactory : IStringLocalizerFactory
{
    private readonly PortalStringLocalizer _localizer = PortalStringLocalizer.Shared;

    public IStringLocalizer Create(Type resourceSource) => _localizer;

    public IStringLocalizer Create(string baseName, string location) => _localizer;
}
