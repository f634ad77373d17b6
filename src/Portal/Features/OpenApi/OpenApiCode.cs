namespace Portal.Features.OpenApi;

/// <summary>The document's result codes (sections 4 and 5), plus 429 for the rate limit, which the document lacks.</summary>
public enum OpenApiCode
{
    Ok = 200,
    InvalidRequest = 400,
    Unauthorized = 401,
    TooManyRequests = 429,
    InternalError = 500,
    ClientNotSupported = 501,
    IllegalParameter = 601,
    EmptyContent = 602,
    ClientAccessIllegal = 100002,
    ClientIdNotFound = 100008,
    BasicHeaderInvalid = 100009,
    AccessTokenExpired = 100014,
    AuthCodeNoPermission = 100018,
    AuthCodeNotFound = 100019,
    AuthCodeExpired = 100020,
    AuthCodeOtherClient = 100021,
    AuthCodeOtherUser = 100023,
}

/// <summary>One row of the error table: the code, the HTTP status it travels with, its message and when it happens.</summary>
public sealed record OpenApiCodeInfo(OpenApiCode Code, int HttpStatus, string Message, string When);

/// <summary>
/// The single table the endpoints answer from and the docs page prints. Messages are the document's own Chinese
/// wording, so providers written against the document see what it promised.
/// </summary>
public static class OpenApiCodes
{
    public static readonly IReadOnlyList<OpenApiCodeInfo> All =
    [
        new(OpenApiCode.Ok, 200, "ok", "The call succeeded."),
        new(OpenApiCode.InvalidRequest, 400, "请求无效", "A query parameter the endpoint reads is given more than once."),
        new(OpenApiCode.Unauthorized, 401, "未授权",
            "No Authorization header; or the access_token is unknown, revoked, or its user is no longer an active member of its company; or the user revoked this provider."),
        new(OpenApiCode.TooManyRequests, 429, "请求过于频繁", "The client exceeded its request budget; Retry-After says when to try again."),
        new(OpenApiCode.InternalError, 500, "服务内部错误", "The portal failed (for example its database is unreachable). Never caused by what a caller sends."),
        new(OpenApiCode.ClientNotSupported, 406, "不支持该客户端", "The last path segment asks for a format other than json or xml."),
        new(OpenApiCode.IllegalParameter, 400, "参数非法",
            "A required parameter is missing or malformed, p_ is not (t_ % 10000) * 3 + 2345, or t_ is outside the allowed clock window."),
        new(OpenApiCode.EmptyContent, 400, "内容为空", "A required parameter is present but empty (for example access_token=)."),
        new(OpenApiCode.ClientAccessIllegal, 403, "client_id 访问非法",
            "The client is disabled, or the client_id parameter differs from the Basic user name."),
        new(OpenApiCode.ClientIdNotFound, 401, "该client_id 不存在", "The Basic user name is not a registered client."),
        new(OpenApiCode.BasicHeaderInvalid, 401, "HTTP协议头认证非法",
            "The Authorization header is not Basic base64(client_id:client_secret), or the secret is wrong."),
        new(OpenApiCode.AccessTokenExpired, 401, "访问token已过期,过期时间一般为3个月", "The access_token's three months are over."),
        new(OpenApiCode.AuthCodeNoPermission, 403, "该授权码无权限访问",
            "The auth code (or the client now) lacks the scope the endpoint needs: user for getUserInfo, company for getCompanyInfo."),
        new(OpenApiCode.AuthCodeNotFound, 404, "授权码不存在,请重新授权",
            "No such auth code in the access token's company (codes of other companies are never visible)."),
        new(OpenApiCode.AuthCodeExpired, 403, "授权码已经过期,请重启授权", "The auth code is older than its lifetime."),
        new(OpenApiCode.AuthCodeOtherClient, 403, "授权客户端非法持有授权码", "The auth code was issued to another client."),
        new(OpenApiCode.AuthCodeOtherUser, 403, "授权用户非法持有授权码", "The auth code was issued for another user of the same company."),
    ];

    private static readonly FrozenDictionary<OpenApiCode, OpenApiCodeInfo> ByCode = All.ToFrozenDictionary(i => i.Code);

    public static OpenApiCodeInfo Get(OpenApiCode code) => ByCode[code];
}
