namespace Portal.Features.Callbacks;

/// <summary>
/// Where the platform sends pushes: <c>{base}/push/yilianyun/{clientId}/{kind}</c>. The client id in the path names the
/// app whose secret verifies the sign; the kind names the push the URL was registered for.
/// </summary>
public sealed class PushAddress
{
    public const string RoutePrefix = "/push/yilianyun";

    private static readonly (PushCommand Command, string Name, string Segment)[] Kinds =
    [
        (PushCommand.Finish, "oauth_finish", "finish"),
        (PushCommand.PrintStatus, "oauth_printStatus", "status"),
        (PushCommand.GetOrder, "oauth_getOrder", "order"),
        (PushCommand.Request, "oauth_request", "request"),
    ];

    public PushAddress(IOptions<YilianyunSettings> settings, YilianyunSetup setup)
    {
        if (settings.Value.PushBaseUrl is { Length: > 0 } configured)
        {
            BaseUrl = new Uri(configured.TrimEnd('/') + "/");
        }
        else if (setup.Mode == YilianyunMode.Sandbox)
        {
            // The sandbox runs in this process: "this portal" is resolved to the listening address when a push is sent.
            BaseUrl = YilianyunSetup.OwnOrigin;
        }
    }

    /// <summary>Null in Live mode without <c>Yilianyun:PushBaseUrl</c>: the portal then registers no push URLs.</summary>
    public Uri? BaseUrl { get; }

    public bool CanRegister => BaseUrl is not null;

    /// <summary>The URLs in words for the inbox page; root-relative when the in-process sandbox resolves "this portal".</summary>
    public string? Pattern => BaseUrl is null
        ? null
        : (BaseUrl == YilianyunSetup.OwnOrigin ? "" : BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/'))
          + $"{RoutePrefix}/{{client_id}}/{{{string.Join('|', Kinds.Select(k => k.Segment))}}}";

    public static IEnumerable<PushCommand> Commands => Kinds.Select(k => k.Command);

    /// <summary>The platform's name of a push kind (<c>oauth_finish</c>…).</summary>
    public static string CommandName(PushCommand command) => Kinds.Single(k => k.Command == command).Name;

    /// <summary>The push command a URL's last segment stands for, or null for an unknown segment.</summary>
    public static string? CommandForSegment(string segment) =>
        Kinds.FirstOrDefault(k => string.Equals(k.Segment, segment, StringComparison.OrdinalIgnoreCase)).Name;

    public string? UrlFor(string clientId, PushCommand command) => BaseUrl is null
        ? null
        : new Uri(BaseUrl, $"{RoutePrefix.TrimStart('/')}/{Uri.EscapeDataString(clientId)}/{Kinds.Single(k => k.Command == command).Segment}").ToString();
}
