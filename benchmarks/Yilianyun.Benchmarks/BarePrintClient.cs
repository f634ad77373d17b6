using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Yilianyun.Benchmarks;

/// <summary>
/// The baseline: print/index by hand on a plain HttpClient — the same signed form in the same field order, and the
/// least a caller must do with the answer (check <c>error</c>, read <c>body.id</c>). No retries, timeouts or typed errors.
/// </summary>
internal sealed class BarePrintClient(HttpClient http, string clientId, string clientSecret)
{
    public async Task<long> PrintAsync(string accessToken, string machineCode, string content, string originId)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var sign = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(clientId + timestamp + clientSecret)));
        using var form = new FormUrlEncodedContent(
        [
            new("client_id", clientId),
            new("timestamp", timestamp),
            new("id", Guid.NewGuid().ToString()),
            new("sign", sign),
            new("access_token", accessToken),
            new("machine_code", machineCode),
            new("origin_id", originId),
            new("content", content),
            new("idempotence", "1"),
        ]);
        using var response = await http.PostAsync("print/index", form);
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        if (root.GetProperty("error").ToString() != "0")
        {
            throw new InvalidOperationException($"print/index failed: {text}");
        }

        return long.Parse(root.GetProperty("body").GetProperty("id").ToString(), CultureInfo.InvariantCulture);
    }
}
