using System.Security.Cryptography;

namespace Yilianyun;

/// <summary>
/// The platform's one signing rule: lower-case hex MD5 of client_id + timestamp + client_secret,
/// concatenated without separators. Requests sign with their <c>timestamp</c>; pushes with their <c>push_time</c>.
/// </summary>
public static class RequestSignature
{
    public static string Compute(string clientId, string timestamp, string clientSecret)
    {
        Span<byte> hash = stackalloc byte[MD5.HashSizeInBytes];
        MD5.HashData(Encoding.UTF8.GetBytes(clientId + timestamp + clientSecret), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Compares a received sign with the expected one, ignoring case, in constant time.</summary>
    public static bool Verify(string clientId, string timestamp, string clientSecret, string? receivedSign)
    {
        if (string.IsNullOrEmpty(receivedSign) || receivedSign.Length != MD5.HashSizeInBytes * 2)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(clientId, timestamp, clientSecret));
        var received = Encoding.ASCII.GetBytes(receivedSign.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }
}
