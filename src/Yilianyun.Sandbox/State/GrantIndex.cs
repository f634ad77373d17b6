namespace Yilianyun.Sandbox.State;

/// <summary>
/// Finds grants by token and by (client, printer), and daily counters by key, without scanning the lists: with
/// thousands of authorized printers every API call looks its token up. Not saved; built from the lists on first use
/// after loading. Grants change only through <see cref="Api.TokenRules"/> and printer deletion, which keep it current
/// with <see cref="Forget"/> and <see cref="Remember"/>. Used under the store's lock, like the lists.
/// </summary>
internal sealed class GrantIndex
{
    private readonly Dictionary<(string ClientId, string Token), TokenGrant> _byAccessToken = [];
    private readonly Dictionary<(string ClientId, string Token), TokenGrant> _byRefreshToken = [];
    private readonly Dictionary<(string ClientId, string MachineCode), TokenGrant> _byPrinter = [];
    private readonly Dictionary<string, DailyCounter> _counters = new(StringComparer.Ordinal);

    public static GrantIndex Build(SandboxStateData data)
    {
        var index = new GrantIndex();
        data.Grants.ForEach(index.Remember);
        data.Counters.ForEach(index.Remember);
        return index;
    }

    /// <summary>The grant whose current or previous access token this is.</summary>
    public TokenGrant? ByAccessToken(string clientId, string token) => _byAccessToken.GetValueOrDefault((clientId, token));

    /// <summary>The grant whose current or previous refresh token this is.</summary>
    public TokenGrant? ByRefreshToken(string clientId, string token) => _byRefreshToken.GetValueOrDefault((clientId, token));

    public TokenGrant? ByPrinter(string clientId, string machineCode) => _byPrinter.GetValueOrDefault((clientId, machineCode));

    public DailyCounter? Counter(string key) => _counters.GetValueOrDefault(key);

    public void Remember(TokenGrant grant)
    {
        _byPrinter[(grant.ClientId, grant.MachineCode)] = grant;
        _byAccessToken[(grant.ClientId, grant.AccessToken)] = grant;
        _byRefreshToken[(grant.ClientId, grant.RefreshToken)] = grant;
        if (grant.PreviousAccessToken is { } previousAccess)
        {
            _byAccessToken[(grant.ClientId, previousAccess)] = grant;
        }

        if (grant.PreviousRefreshToken is { } previousRefresh)
        {
            _byRefreshToken[(grant.ClientId, previousRefresh)] = grant;
        }
    }

    /// <summary>Drops every key of <paramref name="grant"/> as it is now; call before changing its tokens or removing it.</summary>
    public void Forget(TokenGrant grant)
    {
        _byPrinter.Remove((grant.ClientId, grant.MachineCode));
        _byAccessToken.Remove((grant.ClientId, grant.AccessToken));
        _byRefreshToken.Remove((grant.ClientId, grant.RefreshToken));
        if (grant.PreviousAccessToken is { } previousAccess)
        {
            _byAccessToken.Remove((grant.ClientId, previousAccess));
        }

        if (grant.PreviousRefreshToken is { } previousRefresh)
        {
            _byRefreshToken.Remove((grant.ClientId, previousRefresh));
        }
    }

    public void Remember(DailyCounter counter) => _counters[counter.Key] = counter;
}
