using System.Text.RegularExpressions;

namespace Yilianyun.Tests.Client;

public class RequestSigningTests
{
    /// <summary>MD5 computed here, independently of the code under test.</summary>
    private static string Md5Hex(string text) =>
        string.Concat(MD5.HashData(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2")));

    [Fact]
    public void Sign_is_lower_case_md5_of_id_timestamp_secret_concatenated()
    {
        // RFC 1321 test vector: MD5("abc") = 900150983cd24fb0d6963f7d28e17f72, so client_id "a", timestamp "b", secret "c".
        Assert.Equal("900150983cd24fb0d6963f7d28e17f72", RequestSignature.Compute("a", "b", "c"));
    }

    [Fact]
    public async Task Every_request_carries_client_id_timestamp_uuid_and_sign()
    {
        var handler = new FakeHttpHandler().Returns(FakeHttpHandler.EmptySuccess);
        var client = ClientFixture.Create(handler);

        await client.CancelAllAsync(ClientFixture.AccessToken, "4004123456");

        var form = Assert.Single(handler.Requests).Form;
        Assert.Equal(ClientFixture.ClientId, form["client_id"]);
        Assert.Equal("1704067200", form["timestamp"]);
        Assert.Equal(Md5Hex(ClientFixture.ClientId + "1704067200" + ClientFixture.ClientSecret), form["sign"]);
        Assert.Matches(new Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"), form["id"]);
        Assert.Equal(ClientFixture.AccessToken, form["access_token"]);
        Assert.Equal("4004123456", form["machine_code"]);
    }

    [Fact]
    public async Task Timestamp_follows_the_injected_clock_and_each_request_gets_a_new_id()
    {
        var time = new FakeTimeProvider(ClientFixture.Now);
        var handler = new FakeHttpHandler().Returns(FakeHttpHandler.EmptySuccess);
        var client = ClientFixture.Create(handler, time: time);

        await client.CancelAllAsync(ClientFixture.AccessToken, "m");
        time.Advance(TimeSpan.FromSeconds(90.7));
        await client.CancelAllAsync(ClientFixture.AccessToken, "m");

        var (first, second) = (handler.Requests[0].Form, handler.Requests[1].Form);
        Assert.Equal("1704067290", second["timestamp"]);
        Assert.Equal(Md5Hex(ClientFixture.ClientId + "1704067290" + ClientFixture.ClientSecret), second["sign"]);
        Assert.NotEqual(first["id"], second["id"]);
    }

    [Fact]
    public async Task Content_with_ampersand_plus_and_chinese_is_percent_encoded()
    {
        const string content = "<FB>A&B+C 中文</FB>\n=100%";
        var handler = new FakeHttpHandler().Returns(ClientFixture.Success("""{"id":"1","origin_id":"o1"}"""));
        var client = ClientFixture.Create(handler);

        await client.PrintTextAsync(ClientFixture.AccessToken, new PrintTextRequest("m", content, "o1"));

        var request = Assert.Single(handler.Requests);
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Contains("content=%3CFB%3EA%26B%2BC+%E4%B8%AD%E6%96%87%3C%2FFB%3E%0A%3D100%25", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("A&B", request.Body, StringComparison.Ordinal);
        Assert.Equal(content, request.Form["content"]);
    }

    [Theory]
    [InlineData(YilianyunHosts.Domestic, "https://open-api.10ss.net/print/index")]
    [InlineData(YilianyunHosts.DomesticV2, "https://open-api.10ss.net/v2/print/index")]
    [InlineData(YilianyunHosts.OverseasV2 + "/", "https://open-api-os.10ss.net/v2/print/index")]
    [InlineData("http://localhost:5080/sandbox", "http://localhost:5080/sandbox/print/index")]
    public async Task Paths_are_appended_to_the_base_url_including_its_prefix(string baseUrl, string expected)
    {
        var handler = new FakeHttpHandler().Returns(ClientFixture.Success("""{"id":"1","origin_id":"o1"}"""));
        var client = ClientFixture.Create(handler, baseUrl);

        await client.PrintTextAsync(ClientFixture.AccessToken, new PrintTextRequest("m", "x", "o1"));

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(expected, request.Uri.AbsoluteUri);
    }

    [Fact]
    public void Authorize_url_matches_the_documented_example()
    {
        var options = new YilianyunOptions { ClientId = "2015101400445465", ClientSecret = "x" };
        var client = new YilianyunClient(new HttpClient(), Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);

        var url = client.BuildAuthorizeUrl("http://example.com", "1");

        // Verbatim from the platform's 开放应用服务模式 page.
        Assert.Equal("https://open-api.10ss.net/oauth/authorize?response_type=code&client_id=2015101400445465&redirect_uri=http%3A%2F%2Fexample.com&state=1", url);
    }

    [Fact]
    public void Authorize_url_encodes_a_redirect_uri_with_a_query_and_a_state_with_symbols()
    {
        var handler = new FakeHttpHandler();
        var url = ClientFixture.Create(handler, YilianyunHosts.DomesticV2).BuildAuthorizeUrl("https://portal.example/cb?tenant=a&x=1", "s t+a&te");

        Assert.Equal("https://open-api.10ss.net/v2/oauth/authorize?response_type=code&client_id=1234567890"
                     + "&redirect_uri=https%3A%2F%2Fportal.example%2Fcb%3Ftenant%3Da%26x%3D1&state=s%20t%2Ba%26te", url);
    }
}
