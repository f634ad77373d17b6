namespace Yilianyun;

/// <summary>
/// The response envelope in either dialect: v1 sends <c>"error":"0"</c> and string ids, v2 sends <c>"error":0</c>,
/// integer ids and a top-level <c>timestamp</c>.
/// </summary>
/// <param name="Error">The <c>error</c> value as a number, whichever way it was sent.</param>
/// <param name="Body">The <c>body</c> element, if present and not null.</param>
/// <param name="Timestamp">v2 only: the server time in Unix seconds.</param>
public sealed record YilianyunEnvelope(int Error, string ErrorDescription, JsonElement? Body, long? Timestamp)
{
    public bool IsSuccess => Error == 0;

    /// <summary>Reads an envelope; throws <see cref="FormatException"/> when the JSON is not one.</summary>
    public static YilianyunEnvelope Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error))
            {
                throw new FormatException("The response has no \"error\" field.");
            }

            JsonElement? body = root.TryGetProperty("body", out var bodyElement) && bodyElement.ValueKind != JsonValueKind.Null
                ? bodyElement.Clone()
                : null;
            var description = root.TryGetProperty("error_description", out var text) && text.ValueKind == JsonValueKind.String
                ? text.GetString() ?? ""
                : "";
            long? timestamp = root.TryGetProperty("timestamp", out var time) && TryReadInt64(time, out var seconds) ? seconds : null;
            if (!TryReadInt64(error, out var code) || code is < int.MinValue or > int.MaxValue)
            {
                throw new FormatException("The \"error\" field is neither a number nor a numeric string.");
            }

            return new YilianyunEnvelope((int)code, description, body, timestamp);
        }
        catch (JsonException exception)
        {
            throw new FormatException("The response is not JSON.", exception);
        }
    }

    /// <summary>A number, or a string holding one (v1 sends numbers as strings).</summary>
    internal static bool TryReadInt64(JsonElement element, out long value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetInt64(out value),
            JsonValueKind.String => long.TryParse(element.GetString()?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }
}
