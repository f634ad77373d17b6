using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>The document's own example requests, replayed as written, and the two answer formats compared.</summary>
public sealed class DocumentExampleTests : OpenApiHostTests
{
    // The document's example stamp (2015-01-27 06:12:32.058 UTC) and its p_.
    private const long DocumentT = 1422339152058;
    private const long DocumentP = 8519;

    private static readonly string[] UserFields = ["username", "truename", "sex", "phone", "is_admin", "status", "avatar", "created", "nowtime"];

    private static readonly string[] CompanyFields =
    [
        "company_name", "company_type", "tax_number", "province", "city", "zone", "address", "disable", "tel_phone",
        "legal_person_phone", "legal_person_name", "created", "nowtime",
    ];

    [Fact]
    public void The_documents_p_follows_the_formula()
    {
        Assert.Equal(DocumentP, DocumentT % 10000 * 3 + 2345);
        Assert.Equal(DocumentP, OpenApiTimestamp.ExpectedP(DocumentT));
    }

    [Fact]
    public async Task The_documents_requests_work_as_written_and_answer_as_the_document_shows()
    {
        // With the clock at the document's moment, its t_ and p_ are fresh.
        await using var host = await OpenApiHost.StartAsync(now: DateTimeOffset.FromUnixTimeMilliseconds(DocumentT));

        var authorize = await host.GetAsync(
            "/apis/rest/authService/authorize/json?access_token=9106c9fd1e138a042d4aedf94cede7a766e0&t_=1422339152058&p_=8519",
            "Basic MTEwMjA4NDI5NDpha3U4aEN5WEJkOVNxWWtU");
        Assert.Equal(200, authorize.Code);
        var code = authorize.Data.GetProperty("auth_code").GetString();

        var user = await host.GetAsync(
            $"/apis/rest/userService/getUserInfo/json?access_token=9106c9fd1e138a042d4aedf94cede7a766e0&client_id=1102084294&auth_code={code}&t_=1422339152058&p_=8519",
            "Basic MTEwMjA4NDI5NDpha3U4aEN5WEJkOVNxWWtU");
        var company = await host.GetAsync(
            $"/apis/rest/companyService/getCompanyInfo/json?access_token=9106c9fd1e138a042d4aedf94cede7a766e0&client_id=1102084294&auth_code={code}&t_=1422339152058&p_=8519",
            "Basic MTEwMjA4NDI5NDpha3U4aEN5WEJkOVNxWWtU");

        Assert.Equal(UserFields, user.Data.EnumerateObject().Select(p => p.Name));
        AssertStrings(user.Data, ("username", "li******40"), ("truename", "李**"), ("sex", "3"), ("phone", "13******0170"), ("is_admin", "1"),
            ("avatar", "http://avatar.xxx.dev.com/000/00/11/52_avatar_small"), ("created", "2017-11-30 10:37:30"));
        Assert.Equal(JsonValueKind.Null, user.Data.GetProperty("status").ValueKind);
        Assert.Equal(DocumentT / 1000, user.Data.GetProperty("nowtime").GetInt64());

        Assert.Equal(CompanyFields, company.Data.EnumerateObject().Select(p => p.Name));
        AssertStrings(company.Data, ("company_name", "水磨沟区*******餐饮店"), ("company_type", "1"), ("tax_number", "6523248***************03404"),
            ("address", "乌鲁木齐市***巷186号"), ("legal_person_phone", "133*****0170"), ("legal_person_name", "李**"), ("province", ""),
            ("tel_phone", ""), ("disable", "0"), ("created", "2017-11-30 10:37:30"));
        // Chinese is sent as it is, as in the document, not as \u escapes.
        Assert.Contains("水磨沟区", company.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("authService/authorize", false)]
    [InlineData("userService/getUserInfo", true)]
    [InlineData("companyService/getCompanyInfo", true)]
    public async Task Xml_carries_the_same_envelope_and_fields_as_json(string endpoint, bool needsCode)
    {
        var query = needsCode
            ? Host.InfoQuery(OpenApiExampleSeeder.AccessToken, await Host.AuthorizeAsync())
            : $"access_token={OpenApiExampleSeeder.AccessToken}&{Host.StampQuery()}";

        var json = await Host.GetAsync($"/apis/rest/{endpoint}/json?{query}");
        var xml = await Host.GetAsync($"/apis/rest/{endpoint}/xml?{query}");

        Assert.Equal(HttpStatusCode.OK, json.Status);
        Assert.Equal(HttpStatusCode.OK, xml.Status);
        Assert.Equal("application/json", json.ContentType?.MediaType);
        Assert.Equal("application/xml", xml.ContentType?.MediaType);
        var root = XDocument.Parse(xml.Body).Root!;
        Assert.Equal("response", root.Name.LocalName);
        Assert.Equal(["data", "code", "message"], root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal("200", root.Element("code")!.Value);
        Assert.Equal("ok", root.Element("message")!.Value);

        var xmlFields = root.Element("data")!.Elements().ToList();
        var jsonFields = json.Data.EnumerateObject().ToList();
        Assert.Equal(jsonFields.Select(f => f.Name), xmlFields.Select(e => e.Name.LocalName));
        XNamespace xsi = "http://www.w3.org/2001/XMLSchema-instance";
        foreach (var (field, element) in jsonFields.Zip(xmlFields))
        {
            if (field.Name == "auth_code")
            {
                // Each authorize issues a fresh code; both are the document's shape.
                Assert.Matches("^[0-9a-f]{40}$", element.Value);
            }
            else if (field.Value.ValueKind == JsonValueKind.Null)
            {
                Assert.Equal("true", element.Attribute(xsi + "nil")?.Value);
            }
            else
            {
                Assert.Equal(field.Value.ToString(), element.Value);
            }
        }
    }

    [Fact]
    public async Task Xml_errors_carry_the_envelope_with_nil_data()
    {
        var answer = await Host.GetAsync($"/apis/rest/companyService/getCompanyInfo/xml?{Host.StampQuery()}", authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        var root = XDocument.Parse(answer.Body).Root!;
        XNamespace xsi = "http://www.w3.org/2001/XMLSchema-instance";
        Assert.Equal("true", root.Element("data")!.Attribute(xsi + "nil")?.Value);
        Assert.Equal("401", root.Element("code")!.Value);
        Assert.Equal("未授权", root.Element("message")!.Value);
    }

    [Fact]
    public async Task An_auth_code_serves_both_info_endpoints_until_it_expires()
    {
        var code = await Host.AuthorizeAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await Host.GetAsync($"/apis/rest/userService/getUserInfo/json?{Host.InfoQuery(OpenApiExampleSeeder.AccessToken, code)}")).Code);
            Assert.Equal(200, (await Host.GetAsync($"/apis/rest/companyService/getCompanyInfo/json?{Host.InfoQuery(OpenApiExampleSeeder.AccessToken, code)}")).Code);
        }
    }

    /// <summary>Each named field of <paramref name="data"/> is a string with the given value (the names stay in the message when one differs).</summary>
    private static void AssertStrings(JsonElement data, params (string Name, string Value)[] expected) =>
        Assert.Equal(expected, expected.Select(f => (f.Name, data.GetProperty(f.Name).GetString()!)));
}
