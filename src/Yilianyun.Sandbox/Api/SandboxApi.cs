namespace Yilianyun.Sandbox.Api;

/// <summary>What a handler sees: the parsed request, the calling app and, for authorized calls, the grant and printer.</summary>
internal sealed class ApiCall(SandboxForm form, SandboxAppOptions app, SandboxDialect dialect, DateTimeOffset now, SandboxStateData data)
{
    public SandboxForm Form { get; } = form;
    public SandboxAppOptions App { get; } = app;
    public SandboxDialect Dialect { get; } = dialect;
    public DateTimeOffset Now { get; } = now;
    public SandboxStateData Data { get; } = data;
    public TokenGrant? Grant { get; set; }
    public VirtualPrinter? Printer { get; set; }

    /// <summary>Result of the GET probe setpushurl runs before taking the store lock.</summary>
    public bool? ProbeSucceeded { get; init; }

    public List<SandboxPush> Pushes { get; } = [];
}

/// <summary>How an endpoint is guarded before its handler runs.</summary>
internal enum Guard
{
    /// <summary>Signature only (token endpoints).</summary>
    Signed,

    /// <summary>Signature and a valid access_token.</summary>
    Token,

    /// <summary>Signature, access_token and a machine_code the token may use.</summary>
    Printer,
}

/// <summary>
/// The emulated open API: reads the lenient form, applies faults, checks the common fields in the
/// platform's order (missing → 12, unknown client → 2, uuid → 33, sign/timestamp → 11), then runs the
/// endpoint under the store lock and writes the envelope in the request's dialect.
/// </summary>
internal sealed partial class SandboxApi(
    SandboxStore store,
    SandboxPrinterClock clock,
    SandboxPushDispatcher pushes,
    SandboxJournal journal,
    SandboxFaults faults,
    IOptions<SandboxOptions> options,
    TimeProvider time)
{
    private readonly SandboxOptions _options = options.Value;

    /// <summary>Every API path, relative to the dialect root.</summary>
    public static IReadOnlyCollection<string> Paths => Endpoints.Keys;

    private static readonly Dictionary<string, (Guard Guard, Func<SandboxApi, ApiCall, ApiResult> Handler)> Endpoints = new()
    {
        ["oauth/oauth"] = (Guard.Signed, (api, call) => api.Token(call)),
        ["oauth/scancodemodel"] = (Guard.Signed, (api, call) => api.ScanCode(call)),
        ["oauth/setpushurl"] = (Guard.Token, (api, call) => api.SetPushUrl(call)),
        ["printer/addprinter"] = (Guard.Token, (api, call) => api.AddPrinter(call)),
        ["printer/deleteprinter"] = (Guard.Printer, (api, call) => api.DeletePrinter(call)),
        ["print/index"] = (Guard.Printer, (api, call) => api.PrintText(call)),
        ["pictureprint/index"] = (Guard.Printer, (api, call) => api.PrintPicture(call)),
        ["expressprint/index"] = (Guard.Printer, (api, call) => api.PrintExpress(call)),
        ["printer/getprintstatus"] = (Guard.Printer, (_, call) => GetPrintStatus(call)),
        ["printer/printinfo"] = (Guard.Printer, (_, call) => PrintInfo(call)),
        ["printer/getversion"] = (Guard.Printer, (_, call) => GetVersion(call)),
        ["printer/cancelall"] = (Guard.Printer, (_, call) => CancelAll(call)),
        ["printer/cancelone"] = (Guard.Printer, (_, call) => CancelOne(call)),
        ["printer/getorderstatus"] = (Guard.Printer, (_, call) => GetOrderStatus(call)),
        ["printer/getorderpaginglist"] = (Guard.Printer, (api, call) => api.GetOrderPagingList(call)),
        ["printer/reprintorder"] = (Guard.Printer, (api, call) => api.ReprintOrder(call)),
        ["printer/setsound"] = (Guard.Printer, (_, call) => SetSound(call)),
        ["printer/shutdownrestart"] = (Guard.Printer, (_, call) => ShutdownRestart(call)),
        ["printer/seticon"] = (Guard.Printer, (_, call) => SetIcon(call)),
        ["printer/deleteicon"] = (Guard.Printer, (_, call) => DeleteIcon(call)),
        ["printer/btnprint"] = (Guard.Printer, (_, call) => ButtonPrint(call)),
        ["printer/getorder"] = (Guard.Printer, (_, call) => GetOrder(call)),
        ["printer/setvoice"] = (Guard.Printer, (_, call) => SetVoice(call)),
        ["printer/deletevoice"] = (Guard.Printer, (_, call) => DeleteVoice(call)),
        ["printmenu/addprintmenu"] = (Guard.Printer, (api, call) => api.AddPrintMenu(call)),
    };

    public async Task HandleAsync(HttpContext context, string path, SandboxDialect dialect)
    {
        clock.Tick();
        var form = await SandboxForm.ReadAsync(new HttpRequestLike(
            context.Request.Body,
            context.Request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.ToString())),
            context.RequestAborted));
        var clientId = form.Get("client_id");
        var applied = faults.Resolve(path, clientId);

        if (applied.Latency > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(applied.Latency, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (applied.DropRequest)
        {
            Record(form, path, dialect, error: null, status: 0, dropped: true);
            context.Abort();
            return;
        }

        if (applied.ServerErrorStatus is { } status)
        {
            context.Response.StatusCode = status;
            Record(form, path, dialect, error: null, status, dropped: false);
            return;
        }

        bool? probe = null;
        var pushUrl = form.Get("url");
        // Probe only for callers that pass the signature checks, so the sandbox does not fetch URLs for strangers.
        if (path == "oauth/setpushurl" && _options.ProbePushUrls && form.Get("status") == "open" && IsHttpUrl(pushUrl)
            && store.Read(data => CheckCommon(form, data.Apps.FirstOrDefault(a => a.ClientId == clientId), time.GetUtcNow())) is null)
        {
            probe = await pushes.ProbeAsync(pushUrl!, context.RequestAborted);
        }

        var (result, outgoing) = Process(form, path, dialect, applied.ForceError, probe);
        foreach (var push in outgoing)
        {
            pushes.Enqueue(push);
        }

        clock.Tick();
        Record(form, path, dialect, result.Error, StatusCodes.Status200OK, applied.DropResponse);
        if (applied.DropResponse)
        {
            context.Abort();
            return;
        }

        await EnvelopeWriter.AnswerAsync(context, result, dialect, time.GetUtcNow(), StatusCodes.Status200OK);
    }

    private (ApiResult Result, List<SandboxPush> Pushes) Process(
        SandboxForm form, string path, SandboxDialect dialect, int? forcedError, bool? probe)
    {
        var endpoint = Endpoints[path];
        var now = time.GetUtcNow();
        return store.Write(data =>
        {
            var app = data.Apps.FirstOrDefault(a => a.ClientId == form.Get("client_id"));
            var common = CheckCommon(form, app, now);
            if (common is not null)
            {
                return (ApiResult.Fail(common.Value), new List<SandboxPush>());
            }

            if (forcedError is { } forced)
            {
                return (ApiResult.Fail(forced), []);
            }

            var call = new ApiCall(form, app!, dialect, now, data) { ProbeSucceeded = probe };
            var guarded = endpoint.Guard == Guard.Signed ? null : Authorize(call, endpoint.Guard == Guard.Printer);
            var result = guarded ?? endpoint.Handler(this, call);
            return (result, call.Pushes);
        });
    }

    private int? CheckCommon(SandboxForm form, SandboxAppOptions? app, DateTimeOffset now)
    {
        if (form.HasStrayAmpersand)
        {
            return SandboxErrors.SignFailed;
        }

        if (form.Get("client_id") is null || form.Get("sign") is null || form.Get("timestamp") is null || form.Get("id") is null)
        {
            return SandboxErrors.MissingParameters;
        }

        if (app is null)
        {
            return SandboxErrors.UnknownClient;
        }

        if (!IsUuid(form.Get("id")!))
        {
            return SandboxErrors.InvalidUuid;
        }

        var timestamp = form.Get("timestamp")!;
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || (_options.TimestampSkewTolerance is { } tolerance
                && Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds))
        {
            return SandboxErrors.SignFailed;
        }

        return RequestSignature.Verify(app.ClientId, timestamp, app.ClientSecret, form.Get("sign"))
            ? null
            : SandboxErrors.SignFailed;
    }

    /// <summary>Checks access_token and, for device calls, that the token may act on machine_code.</summary>
    private static ApiResult? Authorize(ApiCall call, bool needsPrinter)
    {
        var accessToken = call.Form.Get("access_token");
        if (accessToken is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        call.Grant = TokenRules.FindByAccessToken(call.Data, call.App.ClientId, accessToken, call.Now);
        if (call.Grant is null)
        {
            return ApiResult.Fail(SandboxErrors.AccessTokenExpired);
        }

        if (!needsPrinter)
        {
            return null;
        }

        var machineCode = call.Form.Get("machine_code");
        if (machineCode is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        call.Printer = call.Data.FindPrinter(machineCode);
        if (call.App.Type == SandboxAppType.Open)
        {
            // An open-app token belongs to one printer; using it for another is a permission error.
            return call.Grant.MachineCode == machineCode && call.Printer is not null
                ? null
                : ApiResult.Fail(SandboxErrors.NoPermission);
        }

        return call.Printer is not null && call.Printer.OwnAppClientId == call.App.ClientId
            ? null
            : ApiResult.Fail(SandboxErrors.PrinterInfoWrong);
    }

    private void Record(SandboxForm form, string path, SandboxDialect dialect, int? error, int status, bool dropped) =>
        journal.Add(new SandboxJournalEntry(
            time.GetUtcNow(), dialect, path, form.Get("grant_type"), form.Get("client_id"),
            form.Get("machine_code"), form.Get("origin_id"), error, status, dropped));

    /// <summary>8-4-4-4-12 hex digits in either case; the version nibble is not checked (old SDKs send md5-derived ids).</summary>
    internal static bool IsUuid(string value)
    {
        if (value.Length != 36)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var isDash = i is 8 or 13 or 18 or 23;
            if (isDash ? value[i] != '-' : !char.IsAsciiHexDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
