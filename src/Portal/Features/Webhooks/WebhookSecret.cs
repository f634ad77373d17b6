namespace Portal.Features.Webhooks;

/// <summary>
/// Secrets and signatures as the Standard Webhooks specification has them: a secret is <c>whsec_</c> and the base64 of
/// 24 random bytes; a signature is <c>v1,</c> and the base64 HMAC-SHA256, keyed with those bytes, of
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>.
/// </summary>
public static class WebhookSecret
{
    public const string Marker = "whsec_";

    public static string New() => Marker + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>The key bytes of a <c>whsec_</c> secret.</summary>
    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(Marker, StringComparison.Ordinal) ? secret[Marker.Length..] : secret);

    /// <summary>The <c>webhook-signature</c> header's value for one message.</summary>
    public static string Sign(byte[] key, string messageId, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));
}

/// <summary>Data Protection for endpoint secrets, with a purpose of their own.</summary>
public sealed class WebhookSecretProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Portal.Webhooks.Secret.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
