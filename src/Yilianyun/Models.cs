namespace Yilianyun;

/// <summary>
/// Tokens from any grant. Open apps get one pair per printer (<see cref="MachineCode"/> says which); own apps get one
/// pair for the whole app and an empty machine code. ToString() never shows the tokens.
/// </summary>
public sealed record AccessTokenGrant
{
    public required string AccessToken { get; init; }

    public required string RefreshToken { get; init; }

    /// <summary>The authorized printer (open apps); empty for own apps.</summary>
    public string MachineCode { get; init; } = "";

    /// <summary>Access-token lifetime as sent (<c>expires_in</c>, 30 days). Own-app tokens do not expire whatever it says.</summary>
    public TimeSpan ExpiresIn { get; init; }

    public string Scope { get; init; } = "";

    /// <summary>When the client received the grant (from its TimeProvider).</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>When the access token stops working; null for own-app tokens, which never expire.</summary>
    public DateTimeOffset? AccessTokenExpiresAt { get; init; }

    /// <summary>From v2's <c>refresh_expires_in</c>, or the documented 35 days when a v1 host does not send it.</summary>
    public DateTimeOffset RefreshTokenExpiresAt { get; init; }

    public override string ToString() =>
        $"AccessTokenGrant {{ MachineCode = {MachineCode}, Scope = {Scope}, ReceivedAt = {ReceivedAt:O}, AccessTokenExpiresAt = {AccessTokenExpiresAt:O}, RefreshTokenExpiresAt = {RefreshTokenExpiresAt:O} }}";
}

/// <summary>A print job the platform accepted: its platform order id and your origin_id.</summary>
public sealed record PrintResult
{
    public long Id { get; init; }

    public string OriginId { get; init; } = "";
}

/// <summary>A text print (<c>print/index</c>).</summary>
/// <param name="Content">Receipt markup (see <see cref="Markup.ReceiptLayoutEngine"/>).</param>
/// <param name="OriginId">Your order number, the idempotency key: v1 allows up to 32 letters/digits, v2 up to 64 bytes.</param>
public sealed record PrintTextRequest(string MachineCode, string Content, string OriginId)
{
    /// <summary>Send <c>idempotence=1</c>: a repeat with the same origin_id within 2 hours returns the earlier job.
    /// On by default, and required for the client to retry the call after a transient failure.</summary>
    public bool Idempotent { get; init; } = true;
}

/// <summary>A picture print (<c>pictureprint/index</c>): jpg/png, at most 384 px wide on 58 mm paper.</summary>
public sealed record PrintPictureRequest(string MachineCode, string PictureUrl, string OriginId)
{
    public bool Idempotent { get; init; } = true;
}

/// <summary>A waybill print (<c>expressprint/index</c>, K5 only). <paramref name="Content"/> is the waybill JSON.</summary>
public sealed record PrintExpressRequest(string MachineCode, string Content, string OriginId)
{
    /// <summary>Send <c>sandbox=1</c> (the platform's own test mode for waybills).</summary>
    public bool Sandbox { get; init; }
}

/// <summary>Binding a printer to an own app (<c>printer/addprinter</c>). ToString() never shows the msign.</summary>
public sealed record AddPrinterRequest(string MachineCode, string Msign)
{
    public string? Phone { get; init; }

    public string? PrintName { get; init; }

    public override string ToString() => $"AddPrinterRequest {{ MachineCode = {MachineCode}, PrintName = {PrintName} }}";
}

public enum PrinterState
{
    Offline = 0,
    Online = 1,
    OutOfPaper = 2,
}

public sealed record PrinterStatus
{
    /// <summary>Present in v2 answers only.</summary>
    public string MachineCode { get; init; } = "";

    [JsonPropertyName("state")]
    public int StateCode { get; init; }

    [JsonIgnore]
    public PrinterState State => (PrinterState)StateCode;
}

/// <summary><c>printer/printinfo</c>: model/version and print width, both as the platform sends them.</summary>
public sealed record PrinterInfo
{
    public string Version { get; init; } = "";

    public string PrintWidth { get; init; } = "";
}

/// <summary><c>printer/getversion</c>.</summary>
public sealed record PrinterVersion
{
    public string Hardware { get; init; } = "";

    public string Software { get; init; } = "";
}

/// <summary>v1 knows 0 and 1 only (a cancelled order reads 0); v2 adds 2 for cancelled.</summary>
public enum PrintOrderState
{
    NotPrinted = 0,
    Printed = 1,
    Cancelled = 2,
}

/// <summary><c>printer/getorderstatus</c>.</summary>
public sealed record PrintOrderStatus
{
    public long Id { get; init; }

    public string OriginId { get; init; } = "";

    public int Status { get; init; }

    [JsonIgnore]
    public PrintOrderState State => (PrintOrderState)Status;
}

/// <summary>One entry of <c>printer/getorderpaginglist</c>. Times are kept as sent (v1 strings, v2 integers).</summary>
public sealed record PrintOrder
{
    public long Id { get; init; }

    public string OriginId { get; init; } = "";

    public int Status { get; init; }

    public string Content { get; init; } = "";

    public string ReceivingTime { get; init; } = "";

    public string PrintTime { get; init; } = "";

    [JsonIgnore]
    public PrintOrderState State => (PrintOrderState)Status;
}

public enum SoundType
{
    Buzzer,
    Horn,
}

public enum PowerAction
{
    Restart,
    Shutdown,
}

/// <summary>
/// A built-in voice for <c>printer/setvoice</c> ("A" models), stored in slot <see cref="Aid"/> (0–9) and played by
/// markup. Build it with <see cref="Speech"/> or <see cref="Mp3"/>.
/// </summary>
public sealed record SetVoiceRequest(string MachineCode, string Content, bool IsFile, int Aid)
{
    /// <summary>Text to speech: volume 1–9, voice type 0, 1, 3 or 4.</summary>
    public static SetVoiceRequest Speech(string machineCode, string text, int volume, int voiceType, int aid)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(volume, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(volume, 9);
        if (voiceType is not (0 or 1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(voiceType), voiceType, "Voice type must be 0, 1, 3 or 4.");
        }

        return new SetVoiceRequest(machineCode, YilianyunJson.SerializeArray([text, volume, voiceType]), false, aid);
    }

    /// <summary>An MP3 file (under 24 KB) at <paramref name="url"/>.</summary>
    public static SetVoiceRequest Mp3(string machineCode, string url, int aid) => new(machineCode, url, true, aid);
}

/// <summary>An app menu entry for <c>printmenu/addprintmenu</c>.</summary>
public sealed record PrintMenuItem(string Name, string Url);

/// <summary>The push kinds <c>oauth/setpushurl</c> configures.</summary>
public enum PushCommand
{
    /// <summary><c>oauth_finish</c>: a print job finished.</summary>
    Finish,

    /// <summary><c>oauth_printStatus</c>: the printer went online/offline/out of paper.</summary>
    PrintStatus,

    /// <summary><c>oauth_getOrder</c>: a merchant pressed accept/reject.</summary>
    GetOrder,

    /// <summary><c>oauth_request</c>: a key-press request (v1, K2S/K3S).</summary>
    Request,
}

/// <summary><c>oauth/setpushurl</c>. Open apps must name the printer (<see cref="MachineCode"/>).</summary>
public sealed record SetPushUrlRequest(PushCommand Command, string Url, bool Enabled)
{
    public string? MachineCode { get; init; }
}
