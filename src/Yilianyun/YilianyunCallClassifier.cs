namespace Yilianyun;

/// <summary>Whether repeating a call could do something twice.</summary>
public enum YilianyunCallKind
{
    /// <summary>Reads state only (status, info, order queries).</summary>
    Query,

    /// <summary>Sets a switch or value to what the request says; repeating it leaves the same result.</summary>
    Setting,

    /// <summary>A print carrying an <c>origin_id</c>: with idempotence on, the platform returns the earlier job for a repeat.</summary>
    Print,

    /// <summary>Token grants, binding/unbinding, cancelling one order, reprinting, restarting, adding menus: never repeated automatically.</summary>
    Unsafe,
}

/// <summary>The retry rule of the typed client, as plain functions so it can be tested and reused.</summary>
public static class YilianyunCallClassifier
{
    /// <summary>Request option the client sets on every request: may the resilience pipeline send it again?</summary>
    public static readonly HttpRequestOptionsKey<bool> RetryAllowedKey = new("Yilianyun.RetryAllowed");

    private static readonly Dictionary<string, YilianyunCallKind> Kinds = new(StringComparer.Ordinal)
    {
        ["printer/getprintstatus"] = YilianyunCallKind.Query,
        ["printer/printinfo"] = YilianyunCallKind.Query,
        ["printer/getversion"] = YilianyunCallKind.Query,
        ["printer/getorderstatus"] = YilianyunCallKind.Query,
        ["printer/getorderpaginglist"] = YilianyunCallKind.Query,
        ["printer/setsound"] = YilianyunCallKind.Setting,
        ["printer/seticon"] = YilianyunCallKind.Setting,
        ["printer/deleteicon"] = YilianyunCallKind.Setting,
        ["printer/btnprint"] = YilianyunCallKind.Setting,
        ["printer/getorder"] = YilianyunCallKind.Setting,
        ["printer/setvoice"] = YilianyunCallKind.Setting,
        ["printer/deletevoice"] = YilianyunCallKind.Setting,
        ["printer/cancelall"] = YilianyunCallKind.Setting,
        ["oauth/setpushurl"] = YilianyunCallKind.Setting,
        ["print/index"] = YilianyunCallKind.Print,
        ["pictureprint/index"] = YilianyunCallKind.Print,
        ["expressprint/index"] = YilianyunCallKind.Print,
    };

    /// <summary>Kind of the call at <paramref name="path"/> (e.g. "print/index"); anything not listed is <see cref="YilianyunCallKind.Unsafe"/>.</summary>
    public static YilianyunCallKind Classify(string path) =>
        Kinds.GetValueOrDefault(path.Trim('/'), YilianyunCallKind.Unsafe);

    /// <summary>
    /// A call may be re-sent after a transient failure when it is a query or a setting, or a print sent with
    /// idempotence on (the retry carries the same origin_id, so the platform prints once).
    /// </summary>
    public static bool MayRetry(string path, bool idempotent) => Classify(path) switch
    {
        YilianyunCallKind.Query or YilianyunCallKind.Setting => true,
        YilianyunCallKind.Print => idempotent,
        _ => false,
    };

    /// <summary>What the client recorded on the request; requests without the mark are not retried.</summary>
    public static bool MayRetry(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(RetryAllowedKey, out var allowed) && allowed;
}
