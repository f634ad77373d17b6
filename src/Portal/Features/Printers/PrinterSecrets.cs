namespace Portal.Features.Printers;

/// <summary>
/// Data Protection for the printer feature's secrets, one purpose per use so a ciphertext of one kind cannot be
/// passed off as another. Plain values live only in memory for the duration of a call.
/// </summary>
public sealed class PrinterSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _tokens = provider.CreateProtector("Portal.Printers.Tokens.v1");
    private readonly IDataProtector _refreshTokens = provider.CreateProtector("Portal.Printers.RefreshToken.v1");
    private readonly IDataProtector _appSecrets = provider.CreateProtector("Portal.Printers.AppSecret.v1");
    private readonly IDataProtector _appTokens = provider.CreateProtector("Portal.Printers.AppToken.v1");

    public string ProtectToken(string token) => _tokens.Protect(token);

    public string UnprotectToken(string protectedToken) => _tokens.Unprotect(protectedToken);

    /// <summary>Refresh tokens live longer and are worth more than access tokens: a purpose of their own.</summary>
    public string ProtectRefreshToken(string token) => _refreshTokens.Protect(token);

    public string UnprotectRefreshToken(string protectedToken)
    {
        try
        {
            return _refreshTokens.Unprotect(protectedToken);
        }
        catch (CryptographicException)
        {
            // Written before refresh tokens had their own purpose; re-protected with it at the next refresh.
            return _tokens.Unprotect(protectedToken);
        }
    }

    public string ProtectAppSecret(string secret) => _appSecrets.Protect(secret);

    public string UnprotectAppSecret(string protectedSecret) => _appSecrets.Unprotect(protectedSecret);

    public string ProtectAppToken(string token) => _appTokens.Protect(token);

    public string UnprotectAppToken(string protectedToken) => _appTokens.Unprotect(protectedToken);

    /// <summary>Only the hash of an OAuth state is stored; the state itself travels in the browser.</summary>
    public static string HashState(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    public static string NewState() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
