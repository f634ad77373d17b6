namespace Yilianyun.Sandbox.Push;

/// <summary>Builds signed pushes for the apps that should hear about an event. Call inside a store read or write.</summary>
internal static class PushBuilder
{
    public const string Finish = "oauth_finish";
    public const string PrintStatus = "oauth_printStatus";
    public const string GetOrder = "oauth_getOrder";
    public const string KeyRequest = "oauth_request";

    public static readonly string[] Commands = [Finish, GetOrder, PrintStatus, KeyRequest];

    public static SandboxPush? Build(
        SandboxStateData data, string clientId, string machineCode, string cmd, DateTimeOffset now,
        IEnumerable<KeyValuePair<string, string>> fields)
    {
        var app = data.Apps.FirstOrDefault(a => a.ClientId == clientId);
        if (app is null)
        {
            return null;
        }

        var url = ResolveUrl(data, app, machineCode, cmd);
        if (url is null)
        {
            return null;
        }

        var pushTime = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        List<KeyValuePair<string, string>> form =
        [
            new("cmd", cmd),
            new("machine_code", machineCode),
            .. fields,
            new("push_time", pushTime),
            new("sign", RequestSignature.Compute(app.ClientId, pushTime, app.ClientSecret)),
        ];
        return new SandboxPush(cmd, app.ClientId, url, form);
    }

    /// <summary>Apps that hold the printer: the own app it is bound to and every open app with a live grant.</summary>
    public static IEnumerable<string> AppsHolding(SandboxStateData data, VirtualPrinter printer)
    {
        var clients = data.Grants.Where(g => g.MachineCode == printer.MachineCode).Select(g => g.ClientId);
        if (printer.OwnAppClientId is not null)
        {
            clients = clients.Append(printer.OwnAppClientId);
        }

        return clients.Distinct();
    }

    /// <summary>A URL set through setpushurl for this kind wins (a closed one silences it); else the app's push URL.</summary>
    private static string? ResolveUrl(SandboxStateData data, SandboxAppOptions app, string machineCode, string cmd)
    {
        var setting = data.PushUrls.FirstOrDefault(p => p.ClientId == app.ClientId && p.Cmd == cmd
                && (app.Type == SandboxAppType.Own || p.MachineCode == machineCode));
        if (setting is not null)
        {
            return setting.Open ? setting.Url : null;
        }

        return string.IsNullOrWhiteSpace(app.PushUrl) ? null : app.PushUrl;
    }
}
