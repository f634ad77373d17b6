using System.Net;

namespace Yilianyun;

public enum YilianyunErrorKind
{
    /// <summary>The platform answered with a non-zero <c>error</c>.</summary>
    Platform,

    /// <summary>No usable answer: connection failure, timeout, open circuit breaker or an HTTP error status.</summary>
    Transport,

    /// <summary>The platform answered, but not with an envelope this client understands.</summary>
    InvalidResponse,
}

/// <summary>
/// What went wrong with one call. Carries no request values, so it is safe to log and show: secrets never appear here.
/// </summary>
public sealed record YilianyunError
{
    public YilianyunError(YilianyunErrorKind kind, string path, int? code = null, string? platformDescription = null,
        string? detail = null, HttpStatusCode? httpStatus = null, bool timedOut = false)
    {
        Kind = kind;
        Path = path;
        Code = code;
        PlatformDescription = platformDescription;
        Detail = detail;
        HttpStatus = httpStatus;
        TimedOut = timedOut;
        (MessageEn, MessageZh) = kind switch
        {
            YilianyunErrorKind.Platform => YilianyunErrorCatalog.Describe(code ?? -1),
            YilianyunErrorKind.Transport when httpStatus is { } status => (
                $"The 易联云 platform answered HTTP {(int)status}; try again later.",
                $"易联云平台返回 HTTP {(int)status},请稍后再试。"),
            YilianyunErrorKind.Transport when timedOut => (
                "The 易联云 platform did not answer in time; try again later.",
                "易联云平台未及时应答,请稍后再试。"),
            YilianyunErrorKind.Transport => (
                "Could not reach the 易联云 platform (the connection was refused or dropped); try again later.",
                "无法连接易联云平台(连接被拒绝或中断),请稍后再试。"),
            _ => ("The 易联云 platform sent a response this client cannot read.", "易联云平台返回了无法解析的响应。"),
        };
    }

    public YilianyunErrorKind Kind { get; }

    /// <summary>The API path called, e.g. <c>print/index</c>.</summary>
    public string Path { get; }

    /// <summary>The platform's <c>error</c> value; null unless <see cref="Kind"/> is Platform.</summary>
    public int? Code { get; }

    /// <summary>The platform's own <c>error_description</c>, as sent.</summary>
    public string? PlatformDescription { get; }

    /// <summary>Extra detail some errors (47, 49) carry in <c>body</c>.</summary>
    public string? Detail { get; }

    public HttpStatusCode? HttpStatus { get; }

    /// <summary>A Transport error where no answer came in time; otherwise it was refused (HTTP status) or the connection failed.</summary>
    public bool TimedOut { get; }

    public string MessageEn { get; }

    public string MessageZh { get; }

    /// <summary>The code as a member of the v1 table, or null when it is not one (transport errors, unknown v2 codes).</summary>
    public YilianyunErrorCode? KnownCode =>
        Code is { } code && Enum.IsDefined(typeof(YilianyunErrorCode), code) ? (YilianyunErrorCode)code : null;

    public bool IsTransport => Kind == YilianyunErrorKind.Transport;

    /// <summary>18: refresh the access token (or re-authorize) and try again.</summary>
    public bool IsAccessTokenExpired => Is(YilianyunErrorCode.AccessTokenExpired);

    /// <summary>14: the access token is not one the platform issued.</summary>
    public bool IsAccessTokenInvalid => Is(YilianyunErrorCode.InvalidAccessToken);

    /// <summary>20: the refresh token has expired; the printer must be authorized again.</summary>
    public bool IsRefreshTokenExpired => Is(YilianyunErrorCode.RefreshTokenExpired);

    /// <summary>41: the 20-per-day token fetch/refresh limit is used up.</summary>
    public bool IsLimitReached => Is(YilianyunErrorCode.LimitReached);

    /// <summary>11: signature check failed (wrong secret, or unencoded &amp;/+ in a value).</summary>
    public bool IsSignFailure => Is(YilianyunErrorCode.SignFailure);

    /// <summary>6: authorization code wrong or expired.</summary>
    public bool IsAuthorizationCodeInvalid => Is(YilianyunErrorCode.InvalidAuthorizationCode);

    /// <summary>5: client id or secret wrong.</summary>
    public bool IsClientCredentialsWrong => Is(YilianyunErrorCode.WrongClientCredentials);

    /// <summary>17: the printer is bound to someone else.</summary>
    public bool IsPrinterAlreadyBound => Is(YilianyunErrorCode.PrinterAlreadyBound);

    /// <summary>35: machine code or msign wrong.</summary>
    public bool IsPrinterKeyWrong => Is(YilianyunErrorCode.WrongMachineCodeOrMsign);

    /// <summary>24: nothing left to cancel.</summary>
    public bool IsNothingToCancel => Is(YilianyunErrorCode.NothingToCancel);

    /// <summary>31: the call is not available to this app type.</summary>
    public bool IsWrongAppType => Is(YilianyunErrorCode.NotSupportedForOwnApps);

    /// <summary>33: the request id was not a valid UUID.</summary>
    public bool IsInvalidUuid => Is(YilianyunErrorCode.InvalidUuid);

    /// <summary>True when only a new authorization by the merchant can help (refresh token expired, code invalid).</summary>
    public bool RequiresReauthorization => IsRefreshTokenExpired || IsAuthorizationCodeInvalid;

    public override string ToString() => Kind switch
    {
        YilianyunErrorKind.Platform => $"易联云 {Path} failed with error {Code}: {MessageEn} ({MessageZh})"
                                       + (string.IsNullOrEmpty(Detail) ? "" : $" Detail: {Detail}"),
        _ => $"易联云 {Path} failed: {MessageEn} ({MessageZh})",
    };

    private bool Is(YilianyunErrorCode code) => Kind == YilianyunErrorKind.Platform && Code == (int)code;
}

/// <summary>Thrown by <see cref="YilianyunClient"/> when a call does not succeed. Inspect <see cref="Error"/>.</summary>
public sealed class YilianyunException(YilianyunError error, Exception? innerException = null)
    : Exception(error.ToString(), innerException)
{
    public YilianyunError Error { get; } = error;
}
