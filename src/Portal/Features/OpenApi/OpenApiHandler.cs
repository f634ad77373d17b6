using System.Buffers.Text;

namespace Portal.Features.OpenApi;

public enum OpenApiOperation
{
    Authorize,
    GetUserInfo,
    GetCompanyInfo,
}

/// <summary>
/// Serves the three endpoints. Checks run in this order, and the first failure answers:
/// format (501) → Basic header (401 / 100009 / 100008 / 100002; 429 once that address's unverified budget is spent)
/// → the verified client's budget (429) → repeated parameters (400) → each required parameter
/// missing (601) or empty (602) → malformed values, p_ and the clock window (601) → client_id parameter (100002) →
/// access_token (401 / 100014) → provider revoked by the user (401) → auth code (100019 / 100021 / 100023 / 100020 /
/// 100018).
/// </summary>
public sealed class OpenApiHandler(
    OpenApiStore store,
    OpenApiUsageRecorder usage,
    OpenApiRateLimiter rateLimiter,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<OpenApiOptions> options,
    TimeProvider timeProvider,
    ILogger<OpenApiHandler> logger)
{
    // The document's platform is in China; "created" is shown in China Standard Time (UTC+8, no daylight saving).
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    // Compared against when the client id is unknown, so an unknown id costs the same as a wrong secret.
    private static readonly byte[] DummyHash = new byte[OpenApiCrypto.HashLength];

    private const int MaxAuthorizationLength = 1024;
    private const int MaxAccessTokenLength = 128;
    private const int MinAccessTokenLength = 16;

    private static readonly string[] AuthorizeParameters = ["t_", "p_", "access_token"];
    private static readonly string[] InfoParameters = ["t_", "p_", "access_token", "client_id", "auth_code"];

    public async Task HandleAsync(HttpContext context, OpenApiOperation operation)
    {
        if (!OpenApiResponse.TryParseFormat(context.Request.RouteValues["format"], out var format))
        {
            await OpenApiResponse.WriteErrorAsync(context, format, OpenApiCode.ClientNotSupported);
            return;
        }

        try
        {
            await HandleAsync(context, operation, format, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer.
        }
        catch (Exception ex)
        {
            // The exception names no header or parameter value, so logging it leaks nothing the caller sent.
            logger.LogError(ex, "Open API {Operation} failed", operation);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await OpenApiResponse.WriteErrorAsync(context, format, OpenApiCode.InternalError);
            }
        }
    }

    private async Task HandleAsync(HttpContext context, OpenApiOperation operation, OpenApiFormat format, CancellationToken ct)
    {
        var (clientCode, client) = await AuthenticateClientAsync(context.Request.Headers.Authorization, ct);
        var admitted = client is not null
            ? rateLimiter.TryAcquireForClient(client.ClientId, out var retryAfter)
            : rateLimiter.TryAcquireForAddress(context.Connection.RemoteIpAddress, out retryAfter);
        if (!admitted)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await OpenApiResponse.WriteErrorAsync(context, format, OpenApiCode.TooManyRequests);
            return;
        }

        if (clientCode != OpenApiCode.Ok)
        {
            await OpenApiResponse.WriteErrorAsync(context, format, clientCode);
            return;
        }

        var query = context.Request.Query;
        var parameterCode = CheckParameters(query, operation == OpenApiOperation.Authorize ? AuthorizeParameters : InfoParameters);
        if (parameterCode != OpenApiCode.Ok)
        {
            await OpenApiResponse.WriteErrorAsync(context, format, parameterCode);
            return;
        }

        if (operation != OpenApiOperation.Authorize && query["client_id"].ToString() != client!.ClientId)
        {
            await OpenApiResponse.WriteErrorAsync(context, format, OpenApiCode.ClientAccessIllegal);
            return;
        }

        var token = await store.FindTokenAsync(OpenApiCrypto.Hash(query["access_token"].ToString()), ct);
        var tokenCode = token is null || !token.IsUsable ? OpenApiCode.Unauthorized
            : token.ExpiresAt <= timeProvider.GetUtcNow() ? OpenApiCode.AccessTokenExpired
            : await store.IsProviderRevokedAsync(token.TenantId, token.UserId, client!.Id, ct) ? OpenApiCode.Unauthorized
            : OpenApiCode.Ok;
        if (tokenCode != OpenApiCode.Ok)
        {
            await OpenApiResponse.WriteErrorAsync(context, format, tokenCode);
            return;
        }

        if (operation == OpenApiOperation.Authorize)
        {
            var code = await IssueAuthCodeAsync(client!, token!, ct);
            usage.Record(client!.Id, token!);
            await OpenApiResponse.WriteOkAsync(context, format, [OpenApiField.Of("auth_code", code)]);
            return;
        }

        var required = operation == OpenApiOperation.GetUserInfo ? ApiScopes.User : ApiScopes.Company;
        var codeCheck = await CheckAuthCodeAsync(query["auth_code"].ToString(), client!, token!, required, ct);
        if (codeCheck != OpenApiCode.Ok)
        {
            await OpenApiResponse.WriteErrorAsync(context, format, codeCheck);
            return;
        }

        var data = operation == OpenApiOperation.GetUserInfo
            ? await UserInfoAsync(token!, ct)
            : await CompanyInfoAsync(token!, ct);
        if (data is null)
        {
            // The user or company was deleted within the lookup cache's lifetime.
            await OpenApiResponse.WriteErrorAsync(context, format, OpenApiCode.Unauthorized);
            return;
        }

        usage.Record(client!.Id, token!);
        await OpenApiResponse.WriteOkAsync(context, format, data);
    }

    /// <summary>Reads <c>Basic base64(client_id:client_secret)</c> and checks it against the client's active secrets.</summary>
    private async Task<(OpenApiCode Code, ClientSnapshot? Client)> AuthenticateClientAsync(StringValues header, CancellationToken ct)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return (OpenApiCode.Unauthorized, null);
        }

        if (header.Count != 1 || !TryParseBasic(header.ToString(), out var clientId, out var secret))
        {
            return (OpenApiCode.BasicHeaderInvalid, null);
        }

        var client = IsClientIdShape(clientId) ? await store.FindClientAsync(clientId, ct) : null;
        var presented = OpenApiCrypto.Hash(secret);
        var matched = false;
        // Every active secret is compared (no early exit), and an unknown client still costs one comparison.
        foreach (var stored in client?.SecretHashes is { Length: > 0 } hashes ? hashes : [DummyHash])
        {
            matched |= OpenApiCrypto.HashesEqual(presented, stored);
        }

        if (client is null)
        {
            return (OpenApiCode.ClientIdNotFound, null);
        }

        if (!matched)
        {
            return (OpenApiCode.BasicHeaderInvalid, null);
        }

        return client.IsDisabled ? (OpenApiCode.ClientAccessIllegal, null) : (OpenApiCode.Ok, client);
    }

    internal static bool TryParseBasic(string header, out string clientId, out string secret)
    {
        clientId = secret = string.Empty;
        const string scheme = "Basic ";
        if (header.Length > MaxAuthorizationLength || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var encoded = header.AsSpan(scheme.Length).Trim();
        Span<byte> decoded = stackalloc byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (!Convert.TryFromBase64Chars(encoded, decoded, out var written))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(decoded[..written]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        clientId = text[..colon];
        secret = text[(colon + 1)..];
        return true;
    }

    private OpenApiCode CheckParameters(IQueryCollection query, string[] required)
    {
        foreach (var name in required)
        {
            if (query.TryGetValue(name, out var values) && values.Count > 1)
            {
                return OpenApiCode.InvalidRequest;
            }
        }

        foreach (var name in required)
        {
            if (!query.TryGetValue(name, out var values))
            {
                return OpenApiCode.IllegalParameter;
            }

            if (string.IsNullOrWhiteSpace(values.ToString()))
            {
                return OpenApiCode.EmptyContent;
            }
        }

        if (!TryParseDigits(query["t_"].ToString(), 15, out var t)
            || !TryParseDigits(query["p_"].ToString(), 10, out var p)
            || p != OpenApiTimestamp.ExpectedP(t)
            || Math.Abs(timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - t) > options.Value.TimestampWindow.TotalMilliseconds)
        {
            return OpenApiCode.IllegalParameter;
        }

        if (!IsAccessTokenShape(query["access_token"].ToString()))
        {
            return OpenApiCode.IllegalParameter;
        }

        if (required.Length > AuthorizeParameters.Length
            && (!IsClientIdShape(query["client_id"].ToString()) || !IsAuthCodeShape(query["auth_code"].ToString())))
        {
            return OpenApiCode.IllegalParameter;
        }

        return OpenApiCode.Ok;
    }

    private async Task<string> IssueAuthCodeAsync(ClientSnapshot client, TokenSnapshot token, CancellationToken ct)
    {
        var code = OpenApiCrypto.NewAuthCode();
        var now = timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateForTenantAsync(token.TenantId, ct);
        db.ApiAuthCodes.Add(new ApiAuthCode
        {
            TenantId = token.TenantId,
            CodeHash = OpenApiCrypto.Hash(code),
            ApiClientId = client.Id,
            UserId = token.UserId,
            Scopes = client.Scopes,
            CreatedAt = now,
            ExpiresAt = now + options.Value.AuthCodeLifetime,
        });
        await db.SaveChangesAsync(ct);
        return code;
    }

    private async Task<OpenApiCode> CheckAuthCodeAsync(string authCode, ClientSnapshot client, TokenSnapshot token, ApiScopes required,
        CancellationToken ct)
    {
        // Looked up in the token's tenant only: another company's code is, to this caller, a code that does not exist.
        var code = await store.FindAuthCodeAsync(token.TenantId, OpenApiCrypto.Hash(authCode.ToLowerInvariant()), ct);
        if (code is null)
        {
            return OpenApiCode.AuthCodeNotFound;
        }

        if (code.ClientId != client.Id)
        {
            return OpenApiCode.AuthCodeOtherClient;
        }

        if (code.UserId != token.UserId)
        {
            return OpenApiCode.AuthCodeOtherUser;
        }

        if (code.ExpiresAt <= timeProvider.GetUtcNow())
        {
            return OpenApiCode.AuthCodeExpired;
        }

        // The code's scopes were the client's when it was issued; the client's current scopes still bound them.
        return (code.Scopes & client.Scopes & required) == required ? OpenApiCode.Ok : OpenApiCode.AuthCodeNoPermission;
    }

    private async Task<IReadOnlyList<OpenApiField>?> UserInfoAsync(TokenSnapshot token, CancellationToken ct)
    {
        var user = await store.FindUserAsync(token.UserId, ct);
        if (user is null)
        {
            return null;
        }

        return
        [
            OpenApiField.Of("username", OpenApiMasking.Username(user.UserName)),
            OpenApiField.Of("truename", OpenApiMasking.PersonName(user.TrueName)),
            OpenApiField.Of("sex", ((int)user.Sex).ToString(CultureInfo.InvariantCulture)),
            OpenApiField.Of("phone", OpenApiMasking.UserPhone(user.Phone)),
            OpenApiField.Of("is_admin", token.Role >= TenantRole.Admin ? "1" : "0"),
            OpenApiField.Of("status", string.IsNullOrWhiteSpace(user.Status) ? null : user.Status),
            OpenApiField.Of("avatar", user.AvatarUrl ?? string.Empty),
            OpenApiField.Of("created", FormatCreated(user.CreatedAt)),
            OpenApiField.Of("nowtime", timeProvider.GetUtcNow().ToUnixTimeSeconds()),
        ];
    }

    private async Task<IReadOnlyList<OpenApiField>?> CompanyInfoAsync(TokenSnapshot token, CancellationToken ct)
    {
        var company = await store.FindCompanyAsync(token.TenantId, ct);
        if (company is null)
        {
            return null;
        }

        return
        [
            OpenApiField.Of("company_name", OpenApiMasking.CompanyName(company.CompanyName)),
            OpenApiField.Of("company_type", ((int)company.CompanyType).ToString(CultureInfo.InvariantCulture)),
            OpenApiField.Of("tax_number", OpenApiMasking.TaxNumber(company.TaxNumber)),
            OpenApiField.Of("province", company.Province ?? string.Empty),
            OpenApiField.Of("city", company.City ?? string.Empty),
            OpenApiField.Of("zone", company.Zone ?? string.Empty),
            OpenApiField.Of("address", OpenApiMasking.Address(company.Address)),
            OpenApiField.Of("disable", company.IsDisabled ? "1" : "0"),
            OpenApiField.Of("tel_phone", OpenApiMasking.CompanyPhone(company.TelPhone)),
            OpenApiField.Of("legal_person_phone", OpenApiMasking.CompanyPhone(company.LegalPersonPhone)),
            OpenApiField.Of("legal_person_name", OpenApiMasking.PersonName(company.LegalPersonName)),
            OpenApiField.Of("created", FormatCreated(company.CreatedAt)),
            OpenApiField.Of("nowtime", timeProvider.GetUtcNow().ToUnixTimeSeconds()),
        ];
    }

    internal static string FormatCreated(DateTimeOffset at) =>
        at.ToOffset(ChinaOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static bool TryParseDigits(string value, int maxLength, out long number)
    {
        number = 0;
        return value.Length <= maxLength && value.All(char.IsAsciiDigit)
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static bool IsClientIdShape(string value) => value.Length == 10 && value.All(char.IsAsciiDigit);

    private static bool IsAccessTokenShape(string value) =>
        value.Length is >= MinAccessTokenLength and <= MaxAccessTokenLength && value.All(char.IsAsciiLetterOrDigit);

    private static bool IsAuthCodeShape(string value) => value.Length == 40 && value.All(char.IsAsciiHexDigit);
}
