namespace Yilianyun.Sandbox.Api;

/// <summary>A number the v1 dialect sends as a string and v2 as a JSON number (ids, states, times).</summary>
internal readonly record struct Flex(long Value);

/// <summary>
/// An answer before it is typed for a dialect. Bodies are built from strings, numbers (always numbers),
/// <see cref="Flex"/>, booleans, lists and ordered field lists.
/// </summary>
internal sealed record ApiResult(int Error, object? Body = null)
{
    public static ApiResult Ok(object? body = null) => new(SandboxErrors.Success, body);

    public static ApiResult Fail(int error) => new(error);

    /// <summary>Codes 47/49 carry their detail in <c>body</c>.</summary>
    public static ApiResult Fail(int error, string detail) => new(error, detail);
}

/// <summary>Ordered JSON object fields.</summary>
internal sealed class Fields : List<KeyValuePair<string, object?>>
{
    public void Add(string name, object? value) => Add(new KeyValuePair<string, object?>(name, value));
}

internal static class EnvelopeWriter
{
    /// <summary>Sends <paramref name="result"/> as the response, in the request's dialect.</summary>
    public static async Task AnswerAsync(HttpContext context, ApiResult result, SandboxDialect dialect, DateTimeOffset now, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, new JsonWriterOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
        Write(writer, result, dialect, now);
        await writer.FlushAsync(context.RequestAborted);
    }

    public static void Write(Utf8JsonWriter writer, ApiResult result, SandboxDialect dialect, DateTimeOffset now)
    {
        writer.WriteStartObject();
        if (dialect == SandboxDialect.V1)
        {
            writer.WriteString("error", result.Error.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNumber("error", result.Error);
        }

        writer.WriteString("error_description", SandboxErrors.Describe(result.Error));
        if (dialect == SandboxDialect.V2)
        {
            writer.WriteNumber("timestamp", now.ToUnixTimeSeconds());
        }

        if (result.Body is not null)
        {
            writer.WritePropertyName("body");
            WriteValue(writer, result.Body, dialect);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, SandboxDialect dialect)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case Flex flex when dialect == SandboxDialect.V1:
                writer.WriteStringValue(flex.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case Flex flex:
                writer.WriteNumberValue(flex.Value);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case Fields fields:
                writer.WriteStartObject();
                foreach (var (name, field) in fields)
                {
                    writer.WritePropertyName(name);
                    WriteValue(writer, field, dialect);
                }

                writer.WriteEndObject();
                break;
            case IEnumerable<object?> items:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, item, dialect);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"Unsupported body value {value.GetType().Name}.");
        }
    }
}
