using System.Diagnostics.Metrics;

namespace Portal.Infrastructure.Telemetry;

/// <summary>
/// The portal's own meter. Each instrument is recorded at the one place its fact is decided (the print sender, the
/// refresh outcome store, the open-API handler, the push handler). Tag values are enum names, platform error numbers,
/// push kinds and registered open-API client ids: never a secret, a token, a name or receipt text.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "Portal";

    /// <summary>The <c>openapi.client_id</c> of a call whose client was not authenticated (so its claimed id is not trusted).</summary>
    public const string NoClient = "none";

    private static readonly ConcurrentDictionary<Enum, string> TagNames = new();

    private readonly Counter<long> _printsSubmitted;
    private readonly Counter<long> _printsFailed;
    private readonly Counter<long> _tokenRefreshes;
    private readonly Counter<long> _openApiCalls;
    private readonly Counter<long> _pushCallbacks;

    public PortalMetrics(IMeterFactory meterFactory, TokenStateCounts tokens)
    {
        var meter = meterFactory.Create(MeterName);
        _printsSubmitted = meter.CreateCounter<long>("portal.prints.submitted", "{job}", "Print jobs the platform accepted (print/index answered with an order id).");
        _printsFailed = meter.CreateCounter<long>("portal.prints.failed", "{job}", "Print jobs the platform refused, by its error code.");
        _tokenRefreshes = meter.CreateCounter<long>("portal.token.refreshes", "{refresh}", "Printer token refreshes sent to the platform, by outcome.");
        _openApiCalls = meter.CreateCounter<long>("portal.openapi.calls", "{call}", "Calls to the portal's open API, by client and result.");
        _pushCallbacks = meter.CreateCounter<long>("portal.push.callbacks", "{push}", "Pushes received from the platform, by kind and result.");
        meter.CreateObservableGauge("portal.tokens", tokens.Observe, "{token}",
            "Open-app printer tokens by state across all companies, counted at most every 30 seconds.");
    }

    public void PrintSubmitted(PrintJobKind kind) => _printsSubmitted.Add(1, new KeyValuePair<string, object?>("print.kind", Tag(kind)));

    /// <param name="errorCode">The platform's <c>error</c> number.</param>
    public void PrintFailed(int? errorCode) => _printsFailed.Add(1, new KeyValuePair<string, object?>("yilianyun.error_code", errorCode));

    public void TokenRefreshed(Enum outcome) => _tokenRefreshes.Add(1, new KeyValuePair<string, object?>("refresh.outcome", Tag(outcome)));

    /// <param name="clientId">The authenticated client's public id, or null when the caller was not authenticated.</param>
    public void OpenApiCalled(string? clientId, Enum result) => _openApiCalls.Add(1,
        new KeyValuePair<string, object?>("openapi.client_id", clientId ?? NoClient), new KeyValuePair<string, object?>("openapi.result", Tag(result)));

    /// <param name="kind">The platform's push command (<c>oauth_finish</c>…), from the known push URLs only.</param>
    public void PushReceived(string kind, PushOutcome result) => _pushCallbacks.Add(1,
        new KeyValuePair<string, object?>("push.kind", kind), new KeyValuePair<string, object?>("push.result", Tag(result)));

    /// <summary>An enum value as a tag value in OpenTelemetry's style: <c>NeedsReauthorization</c> → <c>needs_reauthorization</c>.</summary>
    public static string Tag(Enum value) => TagNames.GetOrAdd(value, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
}
