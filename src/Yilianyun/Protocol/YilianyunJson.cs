using System.Buffers;
using System.Numerics;
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
        Converters =
        {
            new LenientIntegerConverter<long>((ref Utf8JsonReader reader) => reader.GetInt64()),
            new LenientIntegerConverter<int>((ref Utf8JsonReader reader) => reader.GetInt32()),
            new LenientStringConverter(),
        },
    };

    /// <summary>For JSON the client sends inside form fields (voice and menu content): Chinese kept as is.</summary>
    private static readonly JsonSerializerOptions OutgoingOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string SerializeArray(object[] values) => JsonSerializer.Serialize(values, OutgoingOptions);

    private delegate T NumberReader<T>(ref Utf8JsonReader reader);

    /// <summary>A whole number sent as a number or a string; blank and null read as zero.</summary>
    private sealed class LenientIntegerConverter<T>(NumberReader<T> readNumber) : JsonConverter<T>
        where T : struct, IBinaryInteger<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType switch
            {
                JsonTokenType.Number => readNumber(ref reader),
                JsonTokenType.String when reader.GetString() is { } text => string.IsNullOrWhiteSpace(text)
                    ? T.Zero
                    : T.Parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture),
                JsonTokenType.Null => T.Zero,
                _ => throw new JsonException($"Expected a number, found {reader.TokenType}."),
            };

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(long.CreateChecked(value));
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
