using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>The docs page's "try it": real signed calls, both formats side by side, the token kept out of the shown URL.</summary>
public sealed class ExplorerTests : OpenApiHostTests
{
    [Fact]
    public async Task The_explorer_signs_all_three_calls_and_returns_json_and_xml()
    {
        var result = await Host.Get<OpenApiExplorer>().RunAsync(OpenApiExampleSeeder.ClientId,
            OpenApiExampleSeeder.ClientSecret, OpenApiExampleSeeder.AccessToken);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(3, result.Value!.Count);
        Assert.All(result.Value, call =>
        {
            Assert.Equal(200, call.JsonStatus);
            Assert.Equal(200, call.XmlStatus);
            Assert.Contains("\"code\": 200", call.Json, StringComparison.Ordinal);
            Assert.Equal("200", XDocument.Parse(call.Xml).Root!.Element("code")!.Value);
            Assert.DoesNotContain(OpenApiExampleSeeder.AccessToken, call.DisplayUrl, StringComparison.Ordinal);
        });
        Assert.Contains("li******40", result.Value[1].Json, StringComparison.Ordinal);
        Assert.Contains("水磨沟区*******餐饮店", result.Value[2].Xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_shows_the_refusal_and_stops_after_authorize()
    {
        var result = await Host.Get<OpenApiExplorer>().RunAsync(OpenApiExampleSeeder.ClientId, "nope",
            OpenApiExampleSeeder.AccessToken);

        var call = Assert.Single(result.Value!);
        Assert.Equal(401, call.JsonStatus);
        Assert.Contains("100009", call.Json, StringComparison.Ordinal);
        Assert.Contains("<code>100009</code>", call.Xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Empty_inputs_are_refused_before_any_call()
    {
        var result = await Host.Get<OpenApiExplorer>().RunAsync("", "", "");

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrEmpty(result.Error));
    }
}
