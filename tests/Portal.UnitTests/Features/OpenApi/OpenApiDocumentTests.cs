using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

/// <summary>
/// The OpenAPI document Microsoft.AspNetCore.OpenApi generates from the endpoints, as served at
/// <see cref="OpenApiRegistration.DescriptionPath"/>: valid, complete, and carrying document 003's examples.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private const string UserInfoPath = "/apis/rest/userService/getUserInfo/{format}";

    private static async Task<(OpenApiHost Host, string Text, JsonElement Root)> ServeAsync()
    {
        var host = await OpenApiHost.StartAsync();
        var text = await host.Http.GetStringAsync(OpenApiRegistration.DescriptionPath);
        return (host, text, JsonDocument.Parse(text).RootElement);
    }

    private static JsonElement Operation(JsonElement root, string path) => root.GetProperty("paths").GetProperty(path).GetProperty("get");

    [Fact]
    public async Task The_document_is_valid_openapi_3()
    {
        var (host, text, root) = await ServeAsync();
        await using var running = host;

        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var read = OpenApiDocument.Parse(text, OpenApiConstants.Json, new OpenApiReaderSettings());
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.NotNull(read.Document);
        Assert.Empty(read.Document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
    }

    [Fact]
    public async Task The_documents_server_is_the_configured_public_address()
    {
        using var portal = DeployedPortalFactory.Demo("https://print.portal.example");
        using var visitor = portal.CreateVisitor("https://print.portal.example");

        var root = JsonDocument.Parse(await visitor.GetStringAsync(OpenApiRegistration.DescriptionPath)).RootElement;

        Assert.Equal("https://print.portal.example", Assert.Single(root.GetProperty("servers").EnumerateArray()).GetProperty("url").GetString());
    }

    [Fact]
    public async Task Every_open_api_endpoint_the_portal_maps_is_in_the_document_and_nothing_else()
    {
        var (host, _, root) = await ServeAsync();
        await using var running = host;

        // The endpoints as routing has them, not as the table says: an endpoint left out of the document fails here.
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith(OpenApiRegistration.RoutePrefix + "/", StringComparison.Ordinal))
            .Order()
            .ToList();
        var documented = root.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order().ToList();

        Assert.Equal(
            ["/apis/rest/authService/authorize/{format}", "/apis/rest/companyService/getCompanyInfo/{format}", UserInfoPath],
            mapped);
        Assert.Equal(mapped, documented);
        foreach (var endpoint in OpenApiEndpoints.All)
        {
            var operation = Operation(root, endpoint.Path);
            Assert.Equal(endpoint.Name, operation.GetProperty("operationId").GetString());
            Assert.Equal(endpoint.Summary, operation.GetProperty("summary").GetString());
            Assert.Equal(["format", .. endpoint.Parameters.Select(p => p.Name)],
                operation.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
            Assert.True(operation.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/xml", out _));
        }
    }

    [Fact]
    public async Task Every_operation_requires_the_basic_scheme()
    {
        var (host, _, root) = await ServeAsync();
        await using var running = host;

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("basic");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("basic", scheme.GetProperty("scheme").GetString());
        Assert.All(OpenApiEndpoints.All, endpoint => Assert.Equal(
            ["basic"],
            Operation(root, endpoint.Path).GetProperty("security").EnumerateArray().SelectMany(r => r.EnumerateObject().Select(p => p.Name))));
    }

    [Fact]
    public async Task The_examples_are_the_seed_documents()
    {
        var (host, _, root) = await ServeAsync();
        await using var running = host;

        var user = Operation(root, UserInfoPath);
        var parameters = user.GetProperty("parameters").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("example"));
        Assert.Equal(1422339152058, parameters["t_"].GetInt64());
        Assert.Equal(8519, parameters["p_"].GetInt64());
        Assert.Equal("1102084294", parameters["client_id"].GetString());

        var ok = user.GetProperty("responses").GetProperty("200").GetProperty("content");
        var json = ok.GetProperty("application/json").GetProperty("example");
        Assert.Equal(200, json.GetProperty("code").GetInt32());
        Assert.Equal("ok", json.GetProperty("message").GetString());
        Assert.Equal("li******40", json.GetProperty("data").GetProperty("username").GetString());
        Assert.Equal("李**", json.GetProperty("data").GetProperty("truename").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("data").GetProperty("status").ValueKind);
        Assert.Equal(1522404566, json.GetProperty("data").GetProperty("nowtime").GetInt64());
        // The example has the fields of the schema, in the order the handler writes them.
        Assert.Equal(OpenApiEndpoints.Get(Portal.Features.OpenApi.OpenApiOperation.GetUserInfo).DataFields, json.GetProperty("data").EnumerateObject().Select(p => p.Name));
        var xml = System.Xml.Linq.XDocument.Parse(ok.GetProperty("application/xml").GetProperty("example").GetString()!);
        Assert.Equal("李**", xml.Root!.Element("data")!.Element("truename")!.Value);

        var company = Operation(root, "/apis/rest/companyService/getCompanyInfo/{format}").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("data");
        Assert.Equal("水磨沟区*******餐饮店", company.GetProperty("company_name").GetString());
        var authorize = Operation(root, "/apis/rest/authService/authorize/{format}").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("example").GetProperty("data");
        Assert.Equal("c3a8ad070c745db455e30a51511dca819b607bf7", authorize.GetProperty("auth_code").GetString());
    }

    [Fact]
    public async Task Each_error_code_is_listed_with_its_http_status_and_an_example()
    {
        var (host, _, root) = await ServeAsync();
        await using var running = host;

        var responses = Operation(root, UserInfoPath).GetProperty("responses");
        Assert.Contains("100023", responses.GetProperty("403").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("100019", responses.GetProperty("404").GetProperty("description").GetString(), StringComparison.Ordinal);
        var example = responses.GetProperty("403").GetProperty("content").GetProperty("application/json").GetProperty("examples")
            .GetProperty("100023").GetProperty("value");
        Assert.Equal(100023, example.GetProperty("code").GetInt32());
        Assert.Equal("授权用户非法持有授权码", example.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, example.GetProperty("data").ValueKind);
        foreach (var info in OpenApiCodes.All.Where(c => c.Code != OpenApiCode.Ok))
        {
            Assert.Contains($"code {(int)info.Code}:", responses.GetProperty(info.HttpStatus.ToString(CultureInfo.InvariantCulture))
                .GetProperty("description").GetString(), StringComparison.Ordinal);
        }

        // authorize reads no auth code, so it lists none of the auth-code errors.
        var authorize = Operation(root, "/apis/rest/authService/authorize/{format}").GetProperty("responses");
        Assert.False(authorize.TryGetProperty("404", out _));
        Assert.DoesNotContain("100023", authorize.GetProperty("403").GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
