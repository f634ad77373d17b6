using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Yilianyun;

/// <summary>
/// Typed HttpClient for the 易联云 open API. Every call is a form-urlencoded POST carrying client_id, timestamp
/// (Unix seconds from the injected TimeProvider), id (a fresh UUID v4) and sign; values are percent-encoded by
/// <see cref="FormUrlEncodedContent"/>, so &amp;, + and Chinese in receipt content arrive intact.
/// </summary>
public sealed class YilianyunClient(HttpClient http, IOptions<YilianyunOptions> options, TimeProvider time) : IYilianyunClient
{
    /// <summary>Documented refresh-token lifetime, used when a v1 host does not send refresh_expires_in.</summary>
    private static readonly TimeSpan DefaultRefreshTokenLifetime = TimeSpan.FromDays(35);

    private readonly YilianyunOptions settings = options.Value;

    public string BuildAuthorizeUrl(string redirectUri, string state)
    {
        ArgumentException.ThrowIfNullOrEmpty(redirectUri);
        ArgumentException.ThrowIfNullOrEmpty(state);
        var query = $"response_type=code&client_id={Uri.EscapeDataString(settings.ClientId)}"
                    + $"&redirect_uri={Uri.EscapeDataString(redirectUri)}&state={Uri.EscapeDataString(state)}";
        return settings.BaseAddress.AbsoluteUri + "oauth/authorize?" + query;
    }

    public Task<AccessTokenGrant> GetTokenByAuthorizationCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(code);
        return GrantAsync("oauth/oauth", ownApp: false, cancellationToken, ("grant_type", "authorization_code"), ("code", code));
    }

    public Task<AccessTokenGrant> GetTokenByClientCredentialsAsync(CancellationToken cancellationToken = default) =>
        GrantAsync("oauth/oauth", ownApp: true, cancellationToken, ("grant_type", "client_credentials"));

    public Task<AccessTokenGrant> RefreshTokenAsync(string refreshToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(refreshToken);
        return GrantAsync("oauth/oauth", settings.AppType == YilianyunAppType.Own, cancellationToken,
            ("grant_type", "refresh_token"), ("refresh_token", refreshToken));
    }

    public Task<AccessTokenGrant> AuthorizeByQrKeyAsync(string machineCode, string qrKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        ArgumentException.ThrowIfNullOrEmpty(qrKey);
        return GrantAsync("oauth/scancodemodel", ownApp: false, cancellationToken, ("machine_code", machineCode), ("qr_key", qrKey));
    }

    public Task<AccessTokenGrant> AuthorizeByMsignAsync(string machineCode, string msign, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        ArgumentException.ThrowIfNullOrEmpty(msign);
        return GrantAsync("oauth/scancodemodel", ownApp: false, cancellationToken, ("machine_code", machineCode), ("msign", msign));
    }

    public Task AddPrinterAsync(string accessToken, AddPrinterRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.MachineCode);
        ArgumentException.ThrowIfNullOrEmpty(request.Msign);
        var fields = Fields(("machine_code", request.MachineCode), ("msign", request.Msign));
        AddIfPresent(fields, "phone", request.Phone);
        AddIfPresent(fields, "print_name", request.PrintName);
        return CallAsync("printer/addprinter", accessToken, fields, cancellationToken);
    }

    public Task DeletePrinterAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/deleteprinter", accessToken, machineCode, cancellationToken);

    public Task<PrintResult> PrintTextAsync(string accessToken, PrintTextRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Content);
        return PrintAsync("print/index", accessToken, request.MachineCode, request.OriginId, request.Idempotent,
            [new("content", request.Content), Idempotence(request.Idempotent)], cancellationToken);
    }

    public Task<PrintResult> PrintPictureAsync(string accessToken, PrintPictureRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.PictureUrl);
        return PrintAsync("pictureprint/index", accessToken, request.MachineCode, request.OriginId, request.Idempotent,
            [new("picture_url", request.PictureUrl), Idempotence(request.Idempotent)], cancellationToken);
    }

    /// <summary>The waybill endpoint documents no idempotence switch; it is still retried on the strength of its unique
    /// origin_id (a project decision, see the README).</summary>
    public Task<PrintResult> PrintExpressAsync(string accessToken, PrintExpressRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Content);
        return PrintAsync("expressprint/index", accessToken, request.MachineCode, request.OriginId, idempotenceOn: true,
            [new("content", request.Content), new("sandbox", request.Sandbox ? "1" : "0")], cancellationToken);
    }

    public Task<PrinterStatus> GetPrintStatusAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterQueryAsync<PrinterStatus>("printer/getprintstatus", accessToken, machineCode, cancellationToken);

    public Task<PrinterInfo> GetPrintInfoAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterQueryAsync<PrinterInfo>("printer/printinfo", accessToken, machineCode, cancellationToken);

    public Task<PrinterVersion> GetVersionAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterQueryAsync<PrinterVersion>("printer/getversion", accessToken, machineCode, cancellationToken);

    public Task CancelAllAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/cancelall", accessToken, machineCode, cancellationToken);

    public Task CancelOneAsync(string accessToken, string machineCode, long orderId, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/cancelone", accessToken, machineCode, cancellationToken, ("order_id", Invariant(orderId)));

    public async Task<PrintOrderStatus> GetOrderStatusAsync(string accessToken, string machineCode, long orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        var envelope = await SendAuthorizedAsync("printer/getorderstatus", accessToken,
            Fields(("machine_code", machineCode), ("order_id", Invariant(orderId))), cancellationToken).ConfigureAwait(false);
        return ReadBody<PrintOrderStatus>("printer/getorderstatus", envelope);
    }

    public async Task<IReadOnlyList<PrintOrder>> GetOrderPagingListAsync(string accessToken, string machineCode, int pageIndex, int pageSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageIndex, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, 100);
        const string path = "printer/getorderpaginglist";
        var envelope = await SendAuthorizedAsync(path, accessToken,
            Fields(("machine_code", machineCode), ("page_index", Invariant(pageIndex)), ("page_size", Invariant(pageSize))),
            cancellationToken).ConfigureAwait(false);
        if (envelope.Body is not { } body)
        {
            return [];
        }

        // The documented body is an array; accept an object wrapping the array too (seen in the wild, and a
        // plausible v2 shape), rather than failing on it.
        var list = body.ValueKind == JsonValueKind.Array
            ? body
            : body.ValueKind == JsonValueKind.Object
                ? body.EnumerateObject().Select(property => property.Value).FirstOrDefault(value => value.ValueKind == JsonValueKind.Array)
                : default;
        return list.ValueKind == JsonValueKind.Array ? Deserialize<List<PrintOrder>>(path, list) : [];
    }

    public Task ReprintOrderAsync(string accessToken, string machineCode, long orderId, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/reprintorder", accessToken, machineCode, cancellationToken, ("order_id", Invariant(orderId)));

    public Task SetSoundAsync(string accessToken, string machineCode, SoundType type, int volume, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(volume, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(volume, 3);
        return PrinterCallAsync("printer/setsound", accessToken, machineCode, cancellationToken,
            ("response_type", type == SoundType.Horn ? "horn" : "buzzer"), ("voice", Invariant(volume)));
    }

    public Task ShutdownRestartAsync(string accessToken, string machineCode, PowerAction action, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/shutdownrestart", accessToken, machineCode, cancellationToken,
            ("response_type", action == PowerAction.Shutdown ? "shutdown" : "restart"));

    public Task SetIconAsync(string accessToken, string machineCode, string imageUrl, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(imageUrl);
        return PrinterCallAsync("printer/seticon", accessToken, machineCode, cancellationToken, ("img_url", imageUrl));
    }

    public Task DeleteIconAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/deleteicon", accessToken, machineCode, cancellationToken);

    public Task SetButtonPrintAsync(string accessToken, string machineCode, bool enabled, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/btnprint", accessToken, machineCode, cancellationToken, ("response_type", enabled ? "btnopen" : "btnclose"));

    /// <summary>Sends open/close: one public SDK sends btnopen/btnclose here, which belongs to btnprint.</summary>
    public Task SetOrderConfirmationAsync(string accessToken, string machineCode, bool enabled, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/getorder", accessToken, machineCode, cancellationToken, ("response_type", enabled ? "open" : "close"));

    public async Task<int> SetVoiceAsync(string accessToken, SetVoiceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.MachineCode);
        ArgumentException.ThrowIfNullOrEmpty(request.Content);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Aid, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.Aid, 9);
        const string path = "printer/setvoice";
        var envelope = await SendAuthorizedAsync(path, accessToken,
            Fields(("machine_code", request.MachineCode), ("content", request.Content), ("is_file", request.IsFile ? "true" : "false"),
                ("aid", Invariant(request.Aid))),
            cancellationToken).ConfigureAwait(false);
        return envelope.Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("aid", out var aid)
                                                                         && YilianyunEnvelope.TryReadInt64(aid, out var slot)
            ? (int)slot
            : request.Aid;
    }

    public Task DeleteVoiceAsync(string accessToken, string machineCode, int aid, CancellationToken cancellationToken = default) =>
        PrinterCallAsync("printer/deletevoice", accessToken, machineCode, cancellationToken, ("aid", Invariant(aid)));

    /// <summary>Content is a JSON array of [name, url] pairs with each URL percent-encoded, as documented.</summary>
    public Task AddPrintMenuAsync(string accessToken, string machineCode, IReadOnlyList<PrintMenuItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("At least one menu item is required.", nameof(items));
        }

        var content = YilianyunJson.SerializeArray([.. items.Select(item => new[] { item.Name, Uri.EscapeDataString(item.Url) })]);
        return PrinterCallAsync("printmenu/addprintmenu", accessToken, machineCode, cancellationToken, ("content", content));
    }

    public Task SetPushUrlAsync(string accessToken, SetPushUrlRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.Url);
        if (settings.AppType == YilianyunAppType.Open && string.IsNullOrEmpty(request.MachineCode))
        {
            throw new ArgumentException("Open apps set push URLs per printer: MachineCode is required.", nameof(request));
        }

        var fields = Fields(("cmd", PushCommandName(request.Command)), ("url", request.Url), ("status", request.Enabled ? "open" : "close"));
        AddIfPresent(fields, "machine_code", request.MachineCode);
        return CallAsync("oauth/setpushurl", accessToken, fields, cancellationToken);
    }

    internal static string PushCommandName(PushCommand command) => command switch
    {
        PushCommand.Finish => "oauth_finish",
        PushCommand.PrintStatus => "oauth_printStatus",
        PushCommand.GetOrder => "oauth_getOrder",
        PushCommand.Request => "oauth_request",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };

    private async Task<AccessTokenGrant> GrantAsync(string path, bool ownApp, CancellationToken cancellationToken,
        params (string Name, string Value)[] extra)
    {
        var fields = Fields(extra);
        fields.Add(new("scope", "all"));
        var envelope = await SendAsync(path, accessToken: null, fields, cancellationToken).ConfigureAwait(false);
        var body = ReadBody<TokenBody>(path, envelope);
        if (string.IsNullOrEmpty(body.AccessToken))
        {
            throw new YilianyunException(new YilianyunError(YilianyunErrorKind.InvalidResponse, path));
        }

        var now = time.GetUtcNow();
        return new AccessTokenGrant
        {
            AccessToken = body.AccessToken,
            RefreshToken = body.RefreshToken,
            MachineCode = body.MachineCode,
            ExpiresIn = TimeSpan.FromSeconds(body.ExpiresIn),
            Scope = body.Scope,
            ReceivedAt = now,
            AccessTokenExpiresAt = ownApp ? null : now.AddSeconds(body.ExpiresIn),
            RefreshTokenExpiresAt = now + (body.RefreshExpiresIn > 0 ? TimeSpan.FromSeconds(body.RefreshExpiresIn) : DefaultRefreshTokenLifetime),
        };
    }

    private async Task<PrintResult> PrintAsync(string path, string accessToken, string machineCode, string originId, bool idempotenceOn,
        List<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        ArgumentException.ThrowIfNullOrEmpty(originId);
        if (Encoding.UTF8.GetByteCount(originId) > 64)
        {
            throw new ArgumentException("origin_id is at most 64 bytes (v1 hosts: 32 letters or digits).", nameof(originId));
        }

        fields.InsertRange(0, [new("machine_code", machineCode), new("origin_id", originId)]);
        var envelope = await SendAuthorizedAsync(path, accessToken, fields, cancellationToken, idempotenceOn).ConfigureAwait(false);
        return ReadBody<PrintResult>(path, envelope);
    }

    private async Task<T> PrinterQueryAsync<T>(string path, string accessToken, string machineCode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        var envelope = await SendAuthorizedAsync(path, accessToken, Fields(("machine_code", machineCode)), cancellationToken)
            .ConfigureAwait(false);
        return ReadBody<T>(path, envelope);
    }

    private Task PrinterCallAsync(string path, string accessToken, string machineCode, CancellationToken cancellationToken,
        params (string Name, string Value)[] extra)
    {
        ArgumentException.ThrowIfNullOrEmpty(machineCode);
        var fields = Fields(("machine_code", machineCode));
        fields.AddRange(Fields(extra));
        return CallAsync(path, accessToken, fields, cancellationToken);
    }

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
            throw new YilianyunException(new YilianyunError(YilianyunErrorKind.Transport, path), exception);
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

    private static KeyValuePair<string, string> Idempotence(bool on) => new("idempotence", on ? "1" : "0");

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Token body in either dialect (v2 adds client_id and refresh_expires_in).</summary>
    private sealed record TokenBody
    {
        public string AccessToken { get; init; } = "";

        public string RefreshToken { get; init; } = "";

        public string MachineCode { get; init; } = "";

        public long ExpiresIn { get; init; }

        public long RefreshExpiresIn { get; init; }

        public string Scope { get; init; } = "";
    }
}
