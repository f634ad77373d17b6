namespace Portal.Features.OpenApi;

/// <summary>
/// Whether an info call's auth code lets this client read this token's user or company: 100019, 100021, 100023,
/// 100020 or 100018 when it does not.
/// </summary>
public sealed class OpenApiAuthCodeCheck(TimeProvider timeProvider)
{
    /// <param name="code">The auth code as <see cref="OpenApiStore.FindGrantAsync"/> found it, in the token's tenant only:
    /// another company's code is, to this caller, a code that does not exist.</param>
    public OpenApiCode Check(AuthCodeSnapshot? code, ClientSnapshot client, TokenSnapshot token, ApiScopes required)
    {
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
}
