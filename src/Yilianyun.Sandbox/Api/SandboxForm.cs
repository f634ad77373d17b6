namespace Yilianyun.Sandbox.Api;

/// <summary>
/// A leniently parsed form body, as the platform accepts it: plain values need not be percent-encoded,
/// '+' means space, and a malformed escape is kept literally rather than rejected.
/// </summary>
internal sealed class SandboxForm
{
    private readonly Dictionary<string, string> _values;

    private SandboxForm(Dictionary<string, string> values, bool hasStrayAmpersand)
    {
        _values = values;
        HasStrayAmpersand = hasStrayAmpersand;
    }

    /// <summary>
    /// A segment without '=' — what an unencoded '&amp;' inside a value produces. The vendor FAQ says such
    /// requests fail with a sign error (11), so the emulator answers the same.
    /// </summary>
    public bool HasStrayAmpersand { get; }

    public string? this[string key] => _values.TryGetValue(key, out var value) ? value : null;

    /// <summary>The value, or null when missing or blank.</summary>
    public string? Get(string key) => string.IsNullOrWhiteSpace(this[key]) ? null : this[key];

    public static async Task<SandboxForm> ReadAsync(HttpRequestLike request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(request.Aborted);
        return Parse(body, request.Query);
    }

    /// <summary>Form fields win over query fields with the same name (v2 also accepts GET-style parameters).</summary>
    public static SandboxForm Parse(string body, IEnumerable<KeyValuePair<string, string>> query)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            values[key] = value;
        }

        var stray = false;
        foreach (var segment in body.Split('&'))
        {
            if (segment.Length == 0)
            {
                continue;
            }

            var equals = segment.IndexOf('=');
            if (equals <= 0)
            {
                stray = true;
                continue;
            }

            values[Decode(segment[..equals])] = Decode(segment[(equals + 1)..]);
        }

        return new SandboxForm(values, stray);
    }

    private static string Decode(string raw) => Uri.UnescapeDataString(raw.Replace('+', ' '));
}

/// <summary>The parts of a request the form reader needs, so it can be tested without a server.</summary>
internal sealed record HttpRequestLike(Stream Body, IEnumerable<KeyValuePair<string, string>> Query, CancellationToken Aborted);
