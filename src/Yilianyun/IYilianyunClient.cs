namespace Yilianyun;

/// <summary>
/// The 易联云 open API. Every call throws <see cref="YilianyunException"/> on failure. The client stores no tokens:
/// pass the access token of the app (own apps) or of the printer (open apps) to each call.
/// </summary>
public interface IYilianyunClient
{
    /// <summary>
    /// The consent page URL a merchant opens to authorize an open app: <c>oauth/authorize?response_type=code…</c>.
    /// A string on purpose: <see cref="Uri.ToString"/> would unescape the encoded redirect_uri.
    /// </summary>
    string BuildAuthorizeUrl(string redirectUri, string state);

    /// <summary>Open app: exchange the code from the authorize redirect (valid 600 s) for the printer's tokens.</summary>
    Task<AccessTokenGrant> GetTokenByAuthorizationCodeAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Own app: fetch the app token (at most 20 fetches + refreshes per day).</summary>
    Task<AccessTokenGrant> GetTokenByClientCredentialsAsync(CancellationToken cancellationToken = default);

    /// <summary>Rotate both tokens (at most 20 per day per printer or own app). Never retried automatically.</summary>
    Task<AccessTokenGrant> RefreshTokenAsync(string refreshToken, CancellationToken cancellationToken = default);

    /// <summary>Open app, 极速授权: authorize a printer with the key from its QR code (valid 300 s).</summary>
    Task<AccessTokenGrant> AuthorizeByQrKeyAsync(string machineCode, string qrKey, CancellationToken cancellationToken = default);

    /// <summary>Open app, 极速授权: authorize a printer with the msign printed on its label.</summary>
    Task<AccessTokenGrant> AuthorizeByMsignAsync(string machineCode, string msign, CancellationToken cancellationToken = default);

    /// <summary>Own app: bind a printer (<c>printer/addprinter</c>).</summary>
    Task AddPrinterAsync(string accessToken, AddPrinterRequest request, CancellationToken cancellationToken = default);

    /// <summary>Unbind (own app) or revoke the authorization (open app) of a printer. Never retried automatically.</summary>
    Task DeletePrinterAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default);

    Task<PrintResult> PrintTextAsync(string accessToken, PrintTextRequest request, CancellationToken cancellationToken = default);

    Task<PrintResult> PrintPictureAsync(string accessToken, PrintPictureRequest request, CancellationToken cancellationToken = default);

    Task<PrintResult> PrintExpressAsync(string accessToken, PrintExpressRequest request, CancellationToken cancellationToken = default);

    Task<PrinterStatus> GetPrintStatusAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default);

    Task<PrinterInfo> GetPrintInfoAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default);

    Task<PrinterVersion> GetVersionAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default);

    /// <summary>Cancel every unprinted job of the printer.</summary>
    Task CancelAllAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default);

    /// <summary>Cancel one unprinted job by platform order id (error 24 if there is nothing to cancel).</summary>
    Task CancelOneAsync(string accessToken, string machineCode, long orderId, CancellationToken cancellationToken = default);

    Task<PrintOrderStatus> GetOrderStatusAsync(string accessToken, string machineCode, long orderId, CancellationToken cancellationToken = default);

    /// <summary>Jobs of the printer, newest first; <paramref name="pageSize"/> at most 100.</summary>
    Task<IReadOnlyList<PrintOrder>> GetOrderPagingListAsync(string accessToken, string machineCode, int pageIndex, int pageSize, CancellationToken cancellationToken = default);

    /// <summary>Print an earlier job again (v2).</summary>
    Task ReprintOrderAsync(string accessToken, string machineCode, long orderId, CancellationToken cancellationToken = default);

    /// <summary>Buzzer or horn volume, 0 (mute) to 3.</summary>
    Task SetSoundAsync(string accessToken, string machineCode, SoundType type, int volume, CancellationToken cancellationToken = default);

    Task ShutdownRestartAsync(string accessToken, string machineCode, PowerAction action, CancellationToken cancellationToken = default);

    /// <summary>Set the printed logo (at most 350 px wide, 40 KB).</summary>
    Task SetIconAsync(string accessToken, string machineCode, string imageUrl, CancellationToken cancellationToken = default);

    Task DeleteIconAsync(string accessToken, string machineCode, CancellationToken cancellationToken = default);

    /// <summary><c>printer/btnprint</c>: switch "press the key to print" on or off.</summary>
    Task SetButtonPrintAsync(string accessToken, string machineCode, bool enabled, CancellationToken cancellationToken = default);

    /// <summary><c>printer/getorder</c>: switch the accept/reject-order keys on or off (sends open/close).</summary>
    Task SetOrderConfirmationAsync(string accessToken, string machineCode, bool enabled, CancellationToken cancellationToken = default);

    /// <summary>Store a built-in voice; returns the slot (aid) the platform reports.</summary>
    Task<int> SetVoiceAsync(string accessToken, SetVoiceRequest request, CancellationToken cancellationToken = default);

    Task DeleteVoiceAsync(string accessToken, string machineCode, int aid, CancellationToken cancellationToken = default);

    Task AddPrintMenuAsync(string accessToken, string machineCode, IReadOnlyList<PrintMenuItem> items, CancellationToken cancellationToken = default);

    Task SetPushUrlAsync(string accessToken, SetPushUrlRequest request, CancellationToken cancellationToken = default);
}
