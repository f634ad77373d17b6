namespace Portal.Features.PrintApi;

/// <summary>
/// The key format: <c>pk_</c> and 32 random bytes in base64url (43 characters). With that much randomness a plain
/// SHA-256 is a safe way to keep it: nobody can search the space a slow hash would protect.
/// </summary>
public static class PrintApiKeySecret
{
    public const string Marker = "pk_";

    /// <summary>How much of the key a list shows: the marker and eight characters (48 of its 256 bits).</summary>
    public const int PrefixLength = 11;

    private const int SecretLength = 3 + 43;

    public static string New() => Marker + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    public static string Prefix(string key) => key[..PrefixLength];

    /// <summary>Whether <paramref name="key"/> has the shape of a key, checked before any lookup.</summary>
    public static bool LooksLikeKey(string? key) =>
        key is { Length: SecretLength } && key.StartsWith(Marker, StringComparison.Ordinal)
        && key.AsSpan(Marker.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
