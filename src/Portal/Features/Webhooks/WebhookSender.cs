namespace Portal.Features.Webhooks;

/// <summary>What one POST came to: a 2xx, or the status or short error that the log shows.</summary>
public sealed record WebhookAttempt(bool Delivered, int? StatusCode, string? Error);

/// <summary>
/// The typed client that POSTs deliveries: its own timeout, no redirects followed, no proxy (it would connect where the
/// address guard cannot look) and no retry handler, since the dispatcher's backoff is the retry.
/// </summary>
public sealed class WebhookSender(HttpClient http, TimeProvider timeProvider)
{
    public const string IdHeader = "webhook-id";

    public const string TimestampHeader = "webhook-timestamp";

    public const string SignatureHeader = "webhook-signature";

    public async Task<WebhookAttempt> SendAsync(string url, string messageId, string payload, byte[] key, CancellationToken cancellationToken)
    {
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(IdHeader, messageId);
        request.Headers.Add(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, WebhookSecret.Sign(key, messageId, timestamp, payload));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return new WebhookAttempt(response.IsSuccessStatusCode, status, response.IsSuccessStatusCode ? null : $"HTTP {status} {response.ReasonPhrase}".Trim());
        }
        catch (WebhookAddressRefusedException e)
        {
            return new WebhookAttempt(false, null, e.Message);
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookAddressRefusedException refused)
        {
            return new WebhookAttempt(false, null, refused.Message);
        }
        catch (HttpRequestException e)
        {
            return new WebhookAttempt(false, null, e.HttpRequestError == HttpRequestError.Unknown ? "connection failed" : $"connection failed: {e.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(false, null, "timed out");
        }
    }
}
