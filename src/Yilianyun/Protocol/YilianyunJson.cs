using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Yilianyun;

/// <summary>
/// JSON settings for response bodies: snake_case names, and numbers and strings accepted for one another, because
/// v1 sends ids and states as strings and v2 as integers.
/// </summary>
internal static class YilianyunJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new LenientInt64Converter(), new LenientInt32Converter(), new LenientStringConverter() },
    };

    /// <summary>For JSON the client sends inside form fields (voice and menu content): Chinese kept as is.</summary>
    private static readonly JsonSerializerOptions OutgoingOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string SerializeArray(object[] values) => JsonSerializer.Serialize(values, OutgoingOptions);

    private sealed class LenientInt64Converter : JsonConverter<long>
    {
        public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.Number => reader.GetInt64(),
                JsonTokenType.String when reader.GetString() is { } text => string.IsNullOrWhiteSpace(text)
                    ? 0
                    : long.Parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture),
                JsonTokenType.Null => 0,
                _ => throw new JsonException($"Expected a number, found {reader.TokenType}."),
            };

        public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    private sealed class LenientInt32Converter : JsonConverter<int>
    {
        public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.Number => reader.GetInt32(),
                JsonTokenType.String when reader.GetString() is { } text => string.IsNullOrWhiteSpace(text)
                    ? 0
                    : int.Parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture),
                JsonTokenType.Null => 0,
                _ => throw new JsonException($"Expected a number, found {reader.TokenType}."),
            };

        public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    private sealed class LenientStringConverter : JsonConverter<string>
    {
        public override bool HandleNull => true;

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString() ?? "",
                JsonTokenType.Number => RawNumber(reader),
                JsonTokenType.True => "true",
                JsonTokenType.False => "false",
                JsonTokenType.Null => "",
                _ => throw new JsonException($"Expected a string, found {reader.TokenType}."),
            };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        private static string RawNumber(Utf8JsonReader reader) =>
            System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan);
    }
}
