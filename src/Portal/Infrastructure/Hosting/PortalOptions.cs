namespace Portal.Infrastructure.Hosting;

/// <summary>Settings under <c>Portal:*</c>.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Where the SQLite database, Data Protection keys and the mail outbox live. Relative to the content root.</summary>
    [Required]
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>Hours an invitation link stays valid.</summary>
    [Range(1, 24 * 30)]
    public int InvitationLifetimeHours { get; set; } = 72;

    /// <summary>
    /// The address people reach the portal at (<c>https://portal.example.com</c>). Every link the portal mails or hands
    /// the platform is built from it, never from a request's Host header. Required outside Development.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>
    /// Turns the sandbox and the mail outbox on outside Development, for a demo: signed-in people only, the sandbox
    /// console for operators, and each person reads only their own mail (operators read all).
    /// </summary>
    public bool Demo { get; set; }

    public SessionOptions Session { get; set; } = new();

    /// <summary>Proxies whose X-Forwarded-For/-Proto headers are believed (addresses or CIDR networks). Unset: loopback only.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>A PKCS#12 certificate that encrypts the Data Protection keys at rest (Linux and macOS; Windows uses DPAPI).</summary>
    public string? KeyCertificatePath { get; set; }

    public string? KeyCertificatePassword { get; set; }

    /// <summary>The settings as configured, for the start-up code that runs before options can be resolved.</summary>
    public static PortalOptions Read(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<PortalOptions>() ?? new PortalOptions();

    public string ResolveDataFolder(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataFolder) ? DataFolder : Path.Combine(contentRoot, DataFolder));

    /// <summary>The parsed <see cref="PublicUrl"/> (an origin, ending in /), or null when unset or not one.</summary>
    public Uri? PublicUri =>
        Uri.TryCreate(PublicUrl?.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? new Uri(uri.GetLeftPart(UriPartial.Authority) + "/")
            : null;

    /// <summary>People reach the portal over HTTPS: outside Development, HTTPS is enforced and cookies are Secure and <c>__Host-</c> prefixed.</summary>
    public bool ServedOverHttps => PublicUri?.Scheme == Uri.UriSchemeHttps;
}

/// <summary>How long a sign-in lasts, under <c>Portal:Session:*</c>.</summary>
public sealed class SessionOptions
{
    /// <summary>A session nobody uses for this long ends (sliding).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>However busy, a session ends this long after its sign-in.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "90.00:00:00")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(7);
}
