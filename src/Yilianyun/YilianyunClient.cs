using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Yilianyun;

/// <summary>
/// Typed HttpClient for the 易联云 open API. Every call is a form-urlencoded POST carrying client_id, timestamp
/// (Unix seconds from the injected TimeProvider), id (a fresh UUID v4) and sign; values are percent-encoded by
/// <see cref="FormUrlEncodedContent"/>, so &amp;, + and Chinese in receipt content arrive intact.
/// </summary>
public sealed partial class YilianyunClient(HttpClient http, IOptions<YilianyunOptions> options, TimeProvider time) : IYilianyunClient
{
    private readonly YilianyunOptions settings = options.Value;

    private Task CallAsync(string path, string accessToken, List<KeyValuePair<string, string>> fields, CancellationToken cancellationToken) =>
        SendAuthorizedAsync(path, accessToken, fields, cancellationToken);

    private Task<YilianyunEnvelope> SendAuthorizedAsync(string path, string accessToken, List<KeyValuePair<string, string>> fields,
        CancellationToken cancellationToken, bool printIdempotenceOn = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        return SendAsync(path, accessToken, fields, cancellationToken, printIdempotenceOn);
    }

    /// <summary>Signs and posts one call, and turns anything but a success envelope into a <see cref="YilianyunException"/>.</summary>
    /// <param name="accessToken">Null only for the token grants.</param>
    /// <param name="printIdempotenceOn">For prints: whether idempotence is on (a condition for retrying them). Other calls
    /// are classified by path alone.</param>
    private async Task<YilianyunEnvelope> SendAsync(string path, string? accessToken, List<KeyValuePair<string, string>> fields,
        CancellationToken cancellationToken, bool printIdempotenceOn = false)
    {
        var timestamp = Invariant(time.GetUtcNow().ToUnixTimeSeconds());
        var form = new List<KeyValuePair<string, string>>
        {
            new("client_id", settings.ClientId),
            new("timestamp", timestamp),
            new("id", Guid.NewGuid().ToString()),
            new("sign", RequestSignature.Compute(settings.ClientId, timestamp, settings.ClientSecret)),
        };
        if (accessToken is not null)
        {
            form.Add(new("access_token", accessToken));
        }

        form.AddRange(fields);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Options.Set(YilianyunCallClassifier.RetryAllowedKey, YilianyunCallClassifier.MayRetry(path, printIdempotenceOn));

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
                                              or IOException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The client's time limits are Polly's; HttpClient's own ends in a TimeoutException. Any other cancel is an aborted request.
            var timedOut = exception is TimeoutRejectedException || exception is OperationCanceledException { InnerException: TimeoutException };
            throw new YilianyunException(new YilianyunError(YilianyunErrorKind.Transport, path, timedOut: timedOut), exception);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            YilianyunEnvelope envelope;
            try
            {
                envelope = YilianyunEnvelope.Parse(text);
            }
            catch (FormatException exception)
            {
                var kind = response.IsSuccessStatusCode ? YilianyunErrorKind.InvalidResponse : YilianyunErrorKind.Transport;
                throw new YilianyunException(
                    new YilianyunError(kind, path, httpStatus: response.IsSuccessStatusCode ? null : response.StatusCode), exception);
            }

            if (!envelope.IsSuccess)
            {
                var detail = envelope.Body is { ValueKind: JsonValueKind.String } body ? body.GetString() : null;
                throw new YilianyunException(new YilianyunError(YilianyunErrorKind.Platform, path, envelope.Error,
                    envelope.ErrorDescription, detail, response.IsSuccessStatusCode ? null : response.StatusCode));
            }

            return envelope;
        }
    }

    private static T ReadBody<T>(string path, YilianyunEnvelope envelope) =>
        envelope.Body is { } body
            ? Deserialize<T>(path, body)
            : throw new YilianyunException(new YilianyunError(YilianyunErrorKind.InvalidResponse, path));

    private static T Deserialize<T>(string path, JsonElement element)
    {
        try
        {
            return element.Deserialize<T>(YilianyunJson.Options)
                   ?? throw new YilianyunException(new YilianyunError(YilianyunErrorKind.InvalidResponse, path));
        }
        catch (Exception exception) when (exception is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            throw new YilianyunException(new YilianyunError(YilianyunErrorKind.InvalidResponse, path), exception);
        }
    }

    private static List<KeyValuePair<string, string>> Fields(params (string Name, string Value)[] fields) =>
        [.. fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value))];

    private static void AddIfPresent(List<KeyValuePair<string, string>> fields, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields.Add(new(name, value));
        }
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
