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
        HashInto(value, hash);
        return hash;
    }

    /// <summary>The SHA-256 of <paramref name="value"/> as a value, for cache keys: no allocation, no secret.</summary>
    public static Sha256Key HashKey(string value)
    {
        Span<byte> hash = stackalloc byte[HashLength];
        HashInto(value, hash);
        return Sha256Key.From(hash);
    }

    private static void HashInto(string value, Span<byte> hash)
    {
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

/// <summary>A SHA-256 held as four words, so it compares and hashes as a dictionary key without an array or a string.</summary>
public readonly record struct Sha256Key(ulong A, ulong B, ulong C, ulong D)
{
    public static Sha256Key From(ReadOnlySpan<byte> hash)
    {
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(hash);
        return new Sha256Key(words[0], words[1], words[2], words[3]);
    }

    /// <summary>The hash's bytes, as they are stored in the database.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[OpenApiCrypto.HashLength];
        var words = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan());
        (words[0], words[1], words[2], words[3]) = (A, B, C, D);
        return bytes;
    }
}
