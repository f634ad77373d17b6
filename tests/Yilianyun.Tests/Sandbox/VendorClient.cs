using System.Text.Json;

namespace Yilianyun.Tests.Sandbox;

/// <summary>
/// Requests written from the vendor's documentation alone (shared/reference/yilianyun-open-api.md), not with the
/// project's client: form-encoded POSTs carrying client_id, a unix timestamp, a UUID id and
/// sign = lower-case hex MD5(client_id + timestamp + client_secret).
/// </summary>
public sealed class VendorClient(Uri address, string clientId, string clientSecret) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

    public string? AccessToken { get; set; }

    public async Task<JsonElement> PostAsync(string path, params (string Name, string Value)[] fields)
    {
        using var response = await SendAsync(path, fields);
        return await ReadAsync(response);
    }

    public Task<HttpResponseMessage> SendAsync(string path, params (string Name, string Value)[] fields)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sign = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(clientId + timestamp + clientSecret)));
        var form = new List<KeyValuePair<string, string>>
        {
            new("client_id", clientId), new("timestamp", timestamp), new("sign", sign), new("id", Guid.NewGuid().ToString()),
        };
        if (AccessToken is not null)
        {
            form.Add(new("access_token", AccessToken));
        }

        form.AddRange(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return _http.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>The error code as a number, whichever dialect sent it (v1 a string, v2 a number).</summary>
    public static int Error(JsonElement answer) =>
        answer.GetProperty("error") is { ValueKind: JsonValueKind.String } text ? int.Parse(text.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
        : answer.GetProperty("error").GetInt32();

    public void Dispose() => _http.Dispose();
}
