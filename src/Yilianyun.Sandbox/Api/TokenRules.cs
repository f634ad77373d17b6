namespace Yilianyun.Sandbox.Api;

/// <summary>Token lifetimes, rotation, the 2-hour grace/replay window and the daily limit. Call inside a store write.</summary>
internal static class TokenRules
{
    public static TokenGrant? FindByAccessToken(SandboxStateData data, string clientId, string accessToken, DateTimeOffset now) =>
        data.Index.ByAccessToken(clientId, accessToken) is { } g
        && ((g.AccessToken == accessToken && (g.AccessExpiresAt is null || g.AccessExpiresAt > now))
            || (g.PreviousAccessToken == accessToken && g.PreviousValidUntil > now))
            ? g
            : null;

    /// <summary>
    /// Issues a new pair for (client, machine), keeping the replaced access token alive for the grace period.
    /// Open apps get a 30-day access token; own-app tokens never expire.
    /// </summary>
    public static TokenGrant Issue(SandboxStateData data, SandboxOptions options, SandboxAppOptions app, string machineCode, DateTimeOffset now)
    {
        var grant = data.Index.ByPrinter(app.ClientId, machineCode);
        if (grant is null)
        {
            grant = new TokenGrant { ClientId = app.ClientId, MachineCode = machineCode };
            data.Grants.Add(grant);
        }
        else
        {
            data.Index.Forget(grant);
            grant.PreviousAccessToken = grant.AccessToken;
            grant.PreviousRefreshToken = grant.RefreshToken;
            grant.PreviousValidUntil = now + options.TokenGracePeriod;
        }

        grant.AccessToken = SandboxStore.NewSecret();
        grant.RefreshToken = SandboxStore.NewSecret();
        grant.AccessExpiresAt = app.Type == SandboxAppType.Open ? now + options.AccessTokenLifetime : null;
        grant.RefreshExpiresAt = now + options.RefreshTokenLifetime;
        data.Index.Remember(grant);
        return grant;
    }

    /// <summary>Counts one token grant against the daily limit; false when the limit is already used up.</summary>
    public static bool TryCount(SandboxStateData data, SandboxOptions options, string key, DateTimeOffset now)
    {
        var day = DateOnly.FromDateTime(now.ToOffset(options.LimitDayUtcOffset).DateTime);
        var counter = data.Index.Counter(key);
        if (counter is null)
        {
            counter = new DailyCounter { Key = key, Day = day };
            data.Counters.Add(counter);
            data.Index.Remember(counter);
        }
        else if (counter.Day != day)
        {
            counter.Day = day;
            counter.Count = 0;
        }

        if (counter.Count >= options.TokenRequestsPerDay)
        {
            return false;
        }

        counter.Count++;
        return true;
    }

    /// <summary>Open apps count per printer, own apps per client_id.</summary>
    public static string LimitKey(SandboxAppOptions app, string machineCode) =>
        app.Type == SandboxAppType.Own ? app.ClientId : app.ClientId + "/" + machineCode;

    public static Fields Body(TokenGrant grant, SandboxAppOptions app, SandboxOptions options, SandboxDialect dialect)
    {
        var body = new Fields();
        if (dialect == SandboxDialect.V2)
        {
            body.Add("client_id", app.ClientId);
        }

        body.Add("access_token", grant.AccessToken);
        body.Add("refresh_token", grant.RefreshToken);
        body.Add("machine_code", grant.MachineCode);
        body.Add("expires_in", (long)options.AccessTokenLifetime.TotalSeconds);
        if (dialect == SandboxDialect.V2)
        {
            body.Add("refresh_expires_in", (long)options.RefreshTokenLifetime.TotalSeconds);
        }

        body.Add("scope", "all");
        return body;
    }
}
