using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Xml.Linq;
using Microsoft.Extensions.Localization;
using Portal.Services;

namespace Portal.OpenApi;

/// <summary>One endpoint called in both formats, as the explorer shows it.</summary>
public sealed record ExplorerCall(string Title, string DisplayUrl, int JsonStatus, string Json, int XmlStatus, string Xml);

/// <summary>
/// The docs page's "try it": signs real requests to this portal's own endpoints with what the visitor typed, and
/// returns the JSON and XML answers. The secret travels only in the Authorization header; the shown URL hides the token.
/// </summary>
public sealed class OpenApiExplorer(IHttpClientFactory httpClientFactory, TimeProvider timeProvider, IStringLocalizer<OpenApiExplorer> text)
{
    public const string HttpClientName = "open-api-explorer";

    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public async Task<ServiceResult<IReadOnlyList<ExplorerCall>>> RunAsync(Uri portalBase, string? clientId, string? clientSecret, string? accessToken,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(clientId) || string.IsNullOrWhiteSpace(clientSecret) || string.IsNullOrWhiteSpace(accessToken))
        {
            return ServiceResult<IReadOnlyList<ExplorerCall>>.Fail(text["Enter a client id, a client secret and an access token."]);
        }

        clientId = clientId.Trim();
        accessToken = accessToken.Trim();
        using var http = httpClientFactory.CreateClient(HttpClientName);
        http.BaseAddress = portalBase;
        http.Timeout = TimeSpan.FromSeconds(15);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret.Trim()}")));

        try
        {
            var calls = new List<ExplorerCall>();
            var authorize = await CallBothAsync(http, text["Authorize"], "authService/authorize", [("access_token", accessToken)], cancellationToken);
            calls.Add(authorize);
            var authCode = ReadAuthCode(authorize.Json);
            if (authCode is not null)
            {
                (string, string)[] parameters = [("access_token", accessToken), ("client_id", clientId), ("auth_code", authCode)];
                calls.Add(await CallBothAsync(http, text["User info"], "userService/getUserInfo", parameters, cancellationToken));
                calls.Add(await CallBothAsync(http, text["Company info"], "companyService/getCompanyInfo", parameters, cancellationToken));
            }

            return ServiceResult<IReadOnlyList<ExplorerCall>>.Ok(calls);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return ServiceResult<IReadOnlyList<ExplorerCall>>.Fail(text["The portal could not call its own API: {0}", ex.Message]);
        }
    }

    private async Task<ExplorerCall> CallBothAsync(HttpClient http, string title, string path, (string Name, string Value)[] parameters,
        CancellationToken cancellationToken)
    {
        var (jsonStatus, json) = await CallAsync(http, $"apis/rest/{path}/json?{Query(parameters)}", cancellationToken);
        var (xmlStatus, xml) = await CallAsync(http, $"apis/rest/{path}/xml?{Query(parameters)}", cancellationToken);
        var shown = parameters.Select(p => p.Name == "access_token" ? (p.Name, Value: "…") : (p.Name, p.Value)).ToArray();
        return new ExplorerCall(title, $"/apis/rest/{path}/{{json|xml}}?{Query(shown)}", jsonStatus, PrettyJson(json), xmlStatus, PrettyXml(xml));
    }

    private string Query((string Name, string Value)[] parameters)
    {
        // A fresh t_ and its p_ for every call, as the document asks.
        var t = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var all = parameters.Append(("t_", t.ToString(CultureInfo.InvariantCulture)))
            .Append(("p_", OpenApiTimestamp.ExpectedP(t).ToString(CultureInfo.InvariantCulture)));
        return string.Join('&', all.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
    }

    private static async Task<(int Status, string Body)> CallAsync(HttpClient http, string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static string? ReadAuthCode(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("auth_code", out var code) ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string PrettyJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Pretty);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static string PrettyXml(string xml)
    {
        try
        {
            return XDocument.Parse(xml).ToString();
        }
        catch (System.Xml.XmlException)
        {
            return xml;
        }
    }
}
