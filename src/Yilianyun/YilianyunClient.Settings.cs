namespace Yilianyun;

// Device settings (sound, power, logo, buttons, voices, menus) and push addresses.
public sealed partial class YilianyunClient
{
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
}
