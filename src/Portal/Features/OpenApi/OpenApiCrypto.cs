namespace Portal.Features.OpenApi;

/// <summary>
/// Secrets, tokens and auth codes are random (never chosen by people), so one SHA-256 is enough to store them; a slow
/// password hash would only slow every call down. Comparisons of hashes are fixed-time.
/// </summary>
public static class OpenApiCrypto
{
    public const int HashLength = 32;

    public static byte[] Hash(string value)
    {
        var hash = new byte[HashLength];
        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount <= 512)
        {
            Span<byte> utf8 = stackalloc byte[byteCount];
            Encoding.UTF8.GetBytes(value, utf8);
            SHA256.HashData(utf8, hash);
        }
        else
        {
            SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        }

        return hash;
    }

    /// <summary>Fixed-time comparison, so the time taken reveals nothing about how much of a secret was right.</summary>
    public static bool HashesEqual(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) =>
        CryptographicOperations.FixedTimeEquals(left, right);

    /// <summary>A client secret: 24 random bytes (192 bits), base64url without padding, 32 characters.</summary>
    public static string NewClientSecret() => Base64UrlNoPadding(RandomNumberGenerator.GetBytes(24));

    /// <summary>A user API access token: 20 random bytes (160 bits) as 40 lower-case hex digits.</summary>
    public static string NewAccessToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>An auth code: 40 lower-case hex digits (160 bits), the document's shape.</summary>
    public static string NewAuthCode() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    /// <summary>A 10-digit client id that does not start with 0, like the document's 1102084294.</summary>
    public static string NewClientId() => RandomNumberGenerator.GetInt32(1_000_000_000, int.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Base64UrlNoPadding(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
