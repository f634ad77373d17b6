using System.Xml.Linq;

namespace Portal.Features.OpenApi;

/// <summary>One endpoint called in both formats, as the explorer shows it.</summary>
public sealed record ExplorerCall(string Title, string DisplayUrl, int JsonStatus, string Json, int XmlStatus, string Xml);

/// <summary>
/// The docs page's "try it": signs requests with what the visitor typed and runs them through the portal's own
/// <see cref="OpenApiHandler"/> in process, returning the JSON and XML answers. Nothing goes over the network, so no
/// address the browser supplies (a circuit's base URI is one) can steer a server-side request. The shown URL hides the token.
/// </summary>
public sealed class OpenApiExplorer(OpenApiHandler handler, TimeProvider timeProvider, IStringLocalizer<OpenApiExplorer> text)
{
    private static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public async Task<ServiceResult<IReadOnlyList<ExplorerCall>>> RunAsync(string? clientId, string? clientSecret, string? accessToken,
        CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(clientId) || string.IsNullOrWhiteSpace(clientSecret) || string.IsNullOrWhiteSpace(accessToken))
        {
            return ServiceResult<IReadOnlyList<ExplorerCall>>.Fail(text["Enter a client id, a client secret and an access token."]);
        }

        clientId = clientId.Trim();
        accessToken = accessToken.Trim();
        var basic = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret.Trim()}"));

        var calls = new List<ExplorerCall>();
        var authorize = await CallBothAsync(basic, text["Authorize"], OpenApiOperation.Authorize, "authService/authorize",
            [("access_token", accessToken)], cancellationToken);
        calls.Add(authorize);
        var authCode = ReadAuthCode(authorize.Json);
        if (authCode is not null)
        {
            (string, string)[] parameters = [("access_token", accessToken), ("client_id", clientId), ("auth_code", authCode)];
            calls.Add(await CallBothAsync(basic, text["User info"], OpenApiOperation.GetUserInfo, "userService/getUserInfo", parameters, cancellationToken));
            calls.Add(await CallBothAsync(basic, text["Company info"], OpenApiOperation.GetCompanyInfo, "companyService/getCompanyInfo", parameters,
                cancellationToken));
        }

        return ServiceResult<IReadOnlyList<ExplorerCall>>.Ok(calls);
    }

    private async Task<ExplorerCall> CallBothAsync(string basic, string title, OpenApiOperation operation, string path,
        (string Name, string Value)[] parameters, CancellationToken cancellationToken)
    {
        var (jsonStatus, json) = await CallAsync(basic, operation, "json", Query(parameters), cancellationToken);
        var (xmlStatus, xml) = await CallAsync(basic, operation, "xml", Query(parameters), cancellationToken);
        var shown = parameters.Select(p => p.Name == "access_token" ? (p.Name, Value: "…") : (p.Name, p.Value)).ToArray();
        return new ExplorerCall(title, $"{OpenApiRegistration.RoutePrefix}/{path}/{{json|xml}}?{Query(shown)}", jsonStatus, PrettyJson(json),
            xmlStatus, PrettyXml(xml));
    }

    private string Query((string Name, string Value)[] parameters)
    {
        // A fresh t_ and its p_ for every call, as the document asks.
        var t = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var all = parameters.Append(("t_", t.ToString(CultureInfo.InvariantCulture)))
            .Append(("p_", OpenApiTimestamp.ExpectedP(t).ToString(CultureInfo.InvariantCulture)));
        return string.Join('&', all.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
    }

    /// <summary>The request as the endpoint would receive it, answered by the same handler, rate limit included.</summary>
    private async Task<(int Status, string Body)> CallAsync(string basic, OpenApiOperation operation, string format, string query,
        CancellationToken cancellationToken)
    {
        var context = new DefaultHttpContext { RequestAborted = cancellationToken };
        context.Request.Method = HttpMethods.Get;
        context.Request.QueryString = new QueryString("?" + query);
        context.Request.Headers.Authorization = basic;
        context.Request.RouteValues["format"] = format;
        // Failed attempts are limited per address; the explorer's all count as the server's own, as they did over loopback.
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        using var body = new MemoryStream();
        context.Response.Body = body;
        await handler.HandleAsync(context, operation);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()));
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
