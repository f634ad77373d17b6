namespace Portal.Features.OpenApi;

public enum OpenApiOperation
{
    Authorize,
    GetUserInfo,
    GetCompanyInfo,
}

/// <summary>
/// Serves the three endpoints. Checks run in this order, and the first failure answers:
/// format (501) → Basic header (401 / 100009 / 100008 / 100002; 429 once that address's unverified budget is spent)
/// → the verified client's budget (429) → repeated parameters (400) → each required parameter
/// missing (601) or empty (602) → malformed values, p_ and the clock window (601) → client_id parameter (100002) →
/// access_token (401 / 100014) → provider revoked by the user (401) → auth code (100019 / 100021 / 100023 / 100020 /
/// 100018).
/// </summary>
public sealed class OpenApiHandler(
    OpenApiClientAuthentication authentication,
    OpenApiParameterValidation parameters,
    OpenApiAuthCodeIssuer authCodeIssuer,
    OpenApiAuthCodeCheck authCodeCheck,
    OpenApiProfileReader profiles,
    OpenApiStore store,
    OpenApiUsageRecorder usage,
    OpenApiRateLimiter rateLimiter,
    PortalMetrics metrics,
    TimeProvider timeProvider,
    ILogger<OpenApiHandler> logger)
{
    public async Task HandleAsync(HttpContext context, OpenApiOperation operation)
    {
        if (!OpenApiResponse.TryParseFormat(context.Request.RouteValues["format"], out var format))
        {
            await OpenApiResponse.WriteErrorAsync(context, format, OpenApiCode.ClientNotSupported);
            metrics.OpenApiCalled(null, OpenApiCode.ClientNotSupported);
            return;
        }

        // What the call was answered with and, once its secret checked out, the client; a throw is an internal error.
        var answered = (Code: OpenApiCode.InternalError, Client: (ClientSnapshot?)null);
        try
        {
            answered = await HandleAsync(context, operation, format, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away; there is nobody to answer, and no result to count.
            return;
        }
        catch (Exception ex)
        {
            // The exception names no header or parameter value, so logging it leaks nothing the caller sent.
            logger.LogError(ex, "Open API {Operation} failed", operation);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await OpenApiResponse.WriteErrorAsync(context, format, OpenApiCode.InternalError);
            }
        }

        metrics.OpenApiCalled(answered.Client?.ClientId, answered.Code);
    }

    /// <summary>Answers the call; returns the code answered and the authenticated client, if any.</summary>
    private async Task<(OpenApiCode Code, ClientSnapshot? Client)> HandleAsync(HttpContext context, OpenApiOperation operation, OpenApiFormat format,
        CancellationToken ct)
    {
        var (clientCode, client) = await authentication.AuthenticateAsync(context.Request.Headers.Authorization, ct);
        var admitted = client is not null
            ? rateLimiter.TryAcquireForClient(client.ClientId, out var retryAfter)
            : rateLimiter.TryAcquireForAddress(context.Connection.RemoteIpAddress, out retryAfter);
        if (!admitted)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await OpenApiResponse.WriteErrorAsync(context, format, OpenApiCode.TooManyRequests);
            return (OpenApiCode.TooManyRequests, client);
        }

        var query = context.Request.Query;
        var code = clientCode != OpenApiCode.Ok ? clientCode : parameters.Check(query, operation);
        if (code == OpenApiCode.Ok && operation != OpenApiOperation.Authorize && query["client_id"].ToString() != client!.ClientId)
        {
            code = OpenApiCode.ClientAccessIllegal;
        }

        // After the client, the call's one read (none while the cache holds it): token, membership, provider, auth code, profile.
        var grant = code == OpenApiCode.Ok
            ? await store.FindGrantAsync(OpenApiCrypto.HashKey(query["access_token"].ToString()), client!.Id,
                operation == OpenApiOperation.Authorize ? null : OpenApiCrypto.HashKey(query["auth_code"].ToString().ToLowerInvariant()), ct)
            : null;
        if (code == OpenApiCode.Ok)
        {
            code = CheckToken(grant);
        }

        if (code != OpenApiCode.Ok)
        {
            await OpenApiResponse.WriteErrorAsync(context, format, code);
            return (code, client);
        }

        var token = grant!.Token;
        if (operation == OpenApiOperation.Authorize)
        {
            // The only step past this point that can log (the database write); the info calls log nothing and skip
            // the scope's cost.
            string authCode;
            using (logger.BeginCompanyScope(token.TenantId))
            {
                authCode = await authCodeIssuer.IssueAsync(client!, token, ct);
            }

            usage.Record(client!.Id, token);
            await OpenApiResponse.WriteOkAsync(context, format, [OpenApiField.Of("auth_code", authCode)]);
            return (OpenApiCode.Ok, client);
        }

        var required = operation == OpenApiOperation.GetUserInfo ? ApiScopes.User : ApiScopes.Company;
        code = authCodeCheck.Check(grant.AuthCode, client!, token, required);
        // A null profile: the user or company was deleted.
        var data = code == OpenApiCode.Ok ? profiles.Read(operation, grant) : null;
        if (data is null)
        {
            code = code == OpenApiCode.Ok ? OpenApiCode.Unauthorized : code;
            await OpenApiResponse.WriteErrorAsync(context, format, code);
            return (code, client);
        }

        usage.Record(client!.Id, token);
        await OpenApiResponse.WriteOkAsync(context, format, data);
        return (OpenApiCode.Ok, client);
    }

    /// <summary>The access token: unknown or unusable (401), expired (100014), or its user revoked this provider (401).</summary>
    private OpenApiCode CheckToken(OpenApiGrant? grant) =>
        grant is null || !grant.Token.IsUsable ? OpenApiCode.Unauthorized
        : grant.Token.ExpiresAt <= timeProvider.GetUtcNow() ? OpenApiCode.AccessTokenExpired
        : grant.ProviderRevoked ? OpenApiCode.Unauthorized
        : OpenApiCode.Ok;
}
