using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Portal.Infrastructure.Hosting;

namespace Portal.Benchmarks;

/// <summary>The baseline side of a benchmark: one platform call signed by hand on a plain HttpClient, nothing else.</summary>
internal static class BarePlatformCall
{
    /// <summary>Posts <paramref name="fields"/> to <paramref name="path"/> with client_id, timestamp, id and sign added; throws unless the answer is error 0.</summary>
    public static async Task PostAsync(HttpClient http, ConfiguredApp app, string path, Dictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        fields["client_id"] = app.ClientId;
        fields["timestamp"] = timestamp;
        fields["id"] = Guid.NewGuid().ToString();
        fields["sign"] = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(app.ClientId + timestamp + app.ClientSecret)));
        using var response = await http.PostAsync(path, new FormUrlEncodedContent(fields), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!body.Contains("\"error\":\"0\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"A bare {path} call failed: " + body[..Math.Min(body.Length, 120)]);
        }
    }
}
