using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

public sealed partial class LocalizationTests
{
    [GeneratedRegex(@"\b(?:L|text)\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizedKey();

    [Fact]
    public void Every_text_of_the_open_api_pages_and_services_has_a_chinese_translation()
    {
        var root = Infrastructure.Tenancy.CrossTenantCallSiteTests.RepositoryRoot();
        var files = Directory.EnumerateFiles(Path.Combine(root, "src", "Portal", "Features", "OpenApi"), "*.cs")
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "src", "Portal", "Features", "OpenApi"), "*.razor"));
        var keys = files.SelectMany(f => LocalizedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal)))
            // Texts the docs page looks up from the shared tables.
            .Concat(OpenApiCodes.All.Select(c => c.When))
            .Concat(OpenApiEndpoints.All.SelectMany(e => e.Parameters.Select(p => p.Description).Append(e.Summary)))
            .Where(k => k != "(t_ % 10000) * 3 + 2345")
            .Distinct()
            .ToList();

        var chinese = PortalStringLocalizer.LoadChinese();

        var untranslated = keys.Where(k => !chinese.ContainsKey(k)).ToList();
        Assert.NotEmpty(keys);
        Assert.Empty(untranslated);
    }
}
