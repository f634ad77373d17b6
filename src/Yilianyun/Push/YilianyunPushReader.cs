namespace Yilianyun.Push;

/// <summary>
/// Reads and verifies pushes. The documented body is form-urlencoded; JSON objects are accepted too because the
/// vendor's examples are written as JSON. sign = MD5(client_id + push_time + client_secret), compared ignoring case.
/// </summary>
public static class YilianyunPushReader
{
    /// <summary>The exact reply the platform expects (HTTP 200, within 3 seconds), also for its GET probe.</summary>
    public const string Acknowledgement = """{"data":"OK"}""";

    /// <summary>Verifies and parses a raw push body for the app <paramref name="clientId"/>.</summary>
    public static PushVerificationResult Read(string body, string clientId, string clientSecret)
    {
        ArgumentNullException.ThrowIfNull(body);
        Dictionary<string, string> fields;
        try
        {
            fields = ReadFields(body);
        }
        catch (FormatException exception)
        {
            return new PushVerificationResult(null, exception.Message);
        }

        return Read(fields, clientId, clientSecret);
    }

    /// <summary>Verifies and parses push fields already read from a form.</summary>
    public static PushVerificationResult Read(IReadOnlyDictionary<string, string> fields, string clientId, string clientSecret)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ArgumentException.ThrowIfNullOrEmpty(clientSecret);
        if (!fields.TryGetValue("push_time", out var pushTime) || string.IsNullOrEmpty(pushTime))
        {
            return new PushVerificationResult(null, "The push has no push_time.");
        }

        if (!RequestSignature.Verify(clientId, pushTime, clientSecret, fields.GetValueOrDefault("sign")))
        {
            return new PushVerificationResult(null, "The push sign does not match this app's client id and secret.");
        }

        try
        {
            return new PushVerificationResult(Parse(fields), null);
        }
        catch (FormatException exception)
        {
            return new PushVerificationResult(null, exception.Message);
        }
    }

    /// <summary>
    /// Parses push fields without checking the sign. The kind comes from <c>cmd</c> when sent; otherwise from the
    /// fields present (<c>online</c> → status, <c>print_time</c>/<c>origin_id</c> → finished, <c>request…</c> state →
    /// key request, <c>order_id</c> + <c>state</c> → order decision).
    /// </summary>
    public static YilianyunPush Parse(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var machineCode = Required(fields, "machine_code");
        var pushTime = Required(fields, "push_time");
        var command = fields.GetValueOrDefault("cmd") ?? InferCommand(fields);
        return command switch
        {
            "oauth_finish" => new PrintFinishedPush(machineCode, Number(fields, "order_id"), (int)Number(fields, "state"),
                fields.GetValueOrDefault("print_time") ?? "", fields.GetValueOrDefault("origin_id") ?? "", pushTime),
            "oauth_printStatus" => new PrinterStatusPush(machineCode, (PrinterState)Number(fields, "online"), pushTime),
            "oauth_getOrder" => new OrderDecisionPush(machineCode, Number(fields, "order_id"), (int)Number(fields, "state"), pushTime),
            "oauth_request" => new KeyRequestPush(machineCode, Required(fields, "state"), pushTime),
            _ => throw new FormatException($"Unknown push kind '{command}'."),
        };
    }

    /// <summary>Fields of a form-urlencoded or JSON-object body; JSON numbers become their text.</summary>
    public static Dictionary<string, string> ReadFields(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var trimmed = body.Trim();
        if (!trimmed.StartsWith('{'))
        {
            return ParseForm(trimmed);
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            return document.RootElement.EnumerateObject().ToDictionary(
                property => property.Name,
                property => property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.GetRawText(),
                StringComparer.Ordinal);
        }
        catch (JsonException exception)
        {
            throw new FormatException("The push body is not valid JSON.", exception);
        }
    }

    /// <summary>application/x-www-form-urlencoded: '+' is a space, %XX are UTF-8 bytes; a repeated name keeps its last value.</summary>
    private static Dictionary<string, string> ParseForm(string body)
    {
        static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            fields[name] = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
        }

        return fields;
    }

    private static string InferCommand(IReadOnlyDictionary<string, string> fields)
    {
        if (fields.ContainsKey("online"))
        {
            return "oauth_printStatus";
        }

        if (fields.ContainsKey("print_time") || fields.ContainsKey("origin_id"))
        {
            return "oauth_finish";
        }

        if (fields.GetValueOrDefault("state")?.StartsWith("request", StringComparison.Ordinal) == true)
        {
            return "oauth_request";
        }

        return fields.ContainsKey("order_id") ? "oauth_getOrder" : "unknown";
    }

    private static string Required(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)
            ? value
            : throw new FormatException($"The push has no {name}.");

    private static long Number(IReadOnlyDictionary<string, string> fields, string name) =>
        long.TryParse(Required(fields, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"The push field {name} is not a number.");
}
