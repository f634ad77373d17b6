using System.Buffers;
using System.Xml;

namespace Portal.Features.OpenApi;

/// <summary>The answer format, chosen by the last path segment.</summary>
public enum OpenApiFormat
{
    Json,
    Xml,
}

/// <summary>One field of <c>data</c>: a string (possibly null) or, for <c>nowtime</c>, a number.</summary>
public readonly record struct OpenApiField(string Name, string? Text, long? Number = null)
{
    public static OpenApiField Of(string name, string? text) => new(name, text);

    public static OpenApiField Of(string name, long number) => new(name, null, number);
}

/// <summary>
/// Writes the document's envelope <c>{"data":{…},"code":200,"message":"ok"}</c>, or its XML twin:
/// <code>
/// &lt;response xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"&gt;
///   &lt;data&gt;&lt;username&gt;li******40&lt;/username&gt;…&lt;status xsi:nil="true" /&gt;…&lt;nowtime&gt;1522404566&lt;/nowtime&gt;&lt;/data&gt;
///   &lt;code&gt;200&lt;/code&gt;&lt;message&gt;ok&lt;/message&gt;
/// &lt;/response&gt;
/// </code>
/// Fields keep the JSON order; a null value is an empty element with <c>xsi:nil="true"</c>; an error has
/// <c>"data":null</c> / <c>&lt;data xsi:nil="true" /&gt;</c>.
/// </summary>
public static class OpenApiResponse
{
    private const string XsiNamespace = "http://www.w3.org/2001/XMLSchema-instance";

    // Chinese stays readable as in the document's examples; HTML-significant characters are still escaped.
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private static readonly XmlWriterSettings XmlSettings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = false,
    };

    public static bool TryParseFormat(object? routeValue, out OpenApiFormat format)
    {
        switch (routeValue as string)
        {
            case "json":
                format = OpenApiFormat.Json;
                return true;
            case "xml":
                format = OpenApiFormat.Xml;
                return true;
            default:
                format = OpenApiFormat.Json;
                return false;
        }
    }

    public static Task WriteErrorAsync(HttpContext context, OpenApiFormat format, OpenApiCode code)
    {
        var info = OpenApiCodes.Get(code);
        return WriteAsync(context, format, info.HttpStatus, (int)code, info.Message, data: null);
    }

    public static Task WriteOkAsync(HttpContext context, OpenApiFormat format, IReadOnlyList<OpenApiField> data) =>
        WriteAsync(context, format, StatusCodes.Status200OK, (int)OpenApiCode.Ok, "ok", data);

    public static async Task WriteAsync(HttpContext context, OpenApiFormat format, int httpStatus, int code, string message,
        IReadOnlyList<OpenApiField>? data)
    {
        var response = context.Response;
        response.StatusCode = httpStatus;
        // Answers carry personal data: no cache may keep them.
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        if (httpStatus == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"open-api\", charset=\"UTF-8\"";
        }

        response.ContentType = format == OpenApiFormat.Json ? "application/json; charset=utf-8" : "application/xml; charset=utf-8";
        var body = Render(format, code, message, data);
        response.ContentLength = body.WrittenCount;
        await response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    /// <summary>The answer's bytes, as <see cref="WriteAsync"/> sends them; the OpenAPI document's examples are made with it.</summary>
    public static ArrayBufferWriter<byte> Render(OpenApiFormat format, int code, string message, IReadOnlyList<OpenApiField>? data)
    {
        var body = new ArrayBufferWriter<byte>(512);
        if (format == OpenApiFormat.Json)
        {
            WriteJson(body, code, message, data);
        }
        else
        {
            WriteXml(body, code, message, data);
        }

        return body;
    }

    private static void WriteJson(IBufferWriter<byte> body, int code, string message, IReadOnlyList<OpenApiField>? data)
    {
        using var json = new Utf8JsonWriter(body, JsonOptions);
        json.WriteStartObject();
        if (data is null)
        {
            json.WriteNull("data");
        }
        else
        {
            json.WriteStartObject("data");
            foreach (var field in data)
            {
                if (field.Number is { } number)
                {
                    json.WriteNumber(field.Name, number);
                }
                else if (field.Text is null)
                {
                    json.WriteNull(field.Name);
                }
                else
                {
                    json.WriteString(field.Name, Printable(field.Text));
                }
            }

            json.WriteEndObject();
        }

        json.WriteNumber("code", code);
        json.WriteString("message", message);
        json.WriteEndObject();
    }

    private static void WriteXml(IBufferWriter<byte> body, int code, string message, IReadOnlyList<OpenApiField>? data)
    {
        using var stream = new BufferWriterStream(body);
        using var xml = XmlWriter.Create(stream, XmlSettings);
        xml.WriteStartDocument();
        xml.WriteStartElement("response");
        xml.WriteAttributeString("xmlns", "xsi", null, XsiNamespace);
        xml.WriteStartElement("data");
        if (data is null)
        {
            xml.WriteAttributeString("nil", XsiNamespace, "true");
        }
        else
        {
            foreach (var field in data)
            {
                xml.WriteStartElement(field.Name);
                if (field.Number is { } number)
                {
                    xml.WriteString(number.ToString(CultureInfo.InvariantCulture));
                }
                else if (field.Text is null)
                {
                    xml.WriteAttributeString("nil", XsiNamespace, "true");
                }
                else
                {
                    xml.WriteString(Printable(field.Text));
                }

                xml.WriteEndElement();
            }
        }

        xml.WriteEndElement();
        xml.WriteElementString("code", code.ToString(CultureInfo.InvariantCulture));
        xml.WriteElementString("message", message);
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    /// <summary>
    /// Profile values are typed by people; a control character or a lone surrogate would make the XML (or JSON) writer
    /// throw. Such characters become U+FFFD, in both formats alike.
    /// </summary>
    internal static string Printable(string text)
    {
        if (IsPrintable(text))
        {
            return text;
        }

        var cleaned = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cleaned.Append(text, i, 2);
                i++;
            }
            else
            {
                cleaned.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }

        return cleaned.ToString();
    }

    private static bool IsPrintable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (!XmlConvert.IsXmlChar(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lets <see cref="XmlWriter"/> write straight into the buffer the response is sent from.</summary>
    private sealed class BufferWriterStream(IBufferWriter<byte> target) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => target.Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer) => target.Write(buffer);
    }
}
