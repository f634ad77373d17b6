namespace Yilianyun;

// Authorization: the consent link, the token grants and refreshing them.
public sealed partial class YilianyunClient
{
    /// <summary>Documented refresh-token lifetime, used when a v1 host does not send refresh_expires_in.</summary>
    private static readonly TimeSpan DefaultRefreshTokenLifetime = TimeSpan.FromDays(35);

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
