using Microsoft.AspNetCore.WebUtilities;

namespace Portal.Features.Account;

/// <summary>
/// Puts Identity tokens (email confirmation, password reset, email change) into links and reads them back.
/// A link is something a person can edit by hand, so reading a damaged one gives null instead of an exception.
/// </summary>
public static class IdentityTokenCodec
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    /// <summary>The token, or null when <paramref name="code"/> is missing or not valid base64url.</summary>
    public static string? DecodeOrNull(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
