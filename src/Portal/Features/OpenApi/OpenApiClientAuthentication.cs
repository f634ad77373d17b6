using System.Buffers.Text;

namespace Portal.Features.OpenApi;

/// <summary>
/// Reads <c>Authorization: Basic base64(client_id:client_secret)</c> and checks it against the client's active secrets,
/// in the same time whether the client id is unknown or the secret is wrong.
/// </summary>
public sealed class OpenApiClientAuthentication(OpenApiStore store)
{
    // Compared against when the client id is unknown, so an unknown id costs the same as a wrong secret.
    private static readonly byte[] DummyHash = new byte[OpenApiCrypto.HashLength];

    private const int MaxAuthorizationLength = 1024;

    /// <summary>The client, or the code that refuses the header: 401, 100009, 100008 or 100002.</summary>
    public async Task<(OpenApiCode Code, ClientSnapshot? Client)> AuthenticateAsync(StringValues header, CancellationToken ct)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return (OpenApiCode.Unauthorized, null);
        }

        if (header.Count != 1 || !TryParseBasic(header.ToString(), out var clientId, out var secret))
        {
            return (OpenApiCode.BasicHeaderInvalid, null);
        }

        var client = OpenApiParameterValidation.IsClientIdShape(clientId) ? await store.FindClientAsync(clientId, ct) : null;
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
}
