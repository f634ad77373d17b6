namespace Portal.Infrastructure.Hosting;

public enum YilianyunMode
{
    /// <summary>The emulator is mapped into the portal at <c>/sandbox</c> and the client talks to it.</summary>
    Sandbox,

    /// <summary>The real platform, with credentials from configuration or user secrets.</summary>
    Live,
}

/// <summary>The portal's settings under <c>Yilianyun:*</c> (the client library reads the same section for its own keys).</summary>
public sealed class YilianyunSettings : IValidatableObject
{
    public const string Section = "Yilianyun";

    /// <summary>Where the sandbox is mapped inside the portal.</summary>
    public const string SandboxPath = "/sandbox";

    /// <summary>The portal's OAuth callback.</summary>
    public const string CallbackPath = "/printers/connect/callback";

    public YilianyunMode Mode { get; set; } = YilianyunMode.Sandbox;

    /// <summary>Live: defaults to the platform. Sandbox: unset means "this portal's own address + /sandbox".</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The platform-default app. In Sandbox mode unset values are generated and registered in the sandbox.</summary>
    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    public YilianyunAppType AppType { get; set; } = YilianyunAppType.Open;

    /// <summary>The callback registered with the app. Sandbox: root-relative, as the sandbox shares the portal's origin.</summary>
    public string? RedirectUri { get; set; }

    /// <summary>
    /// The portal's public address the platform POSTs pushes to (…/push/yilianyun/…). Sandbox: unset means this portal
    /// itself. Live: unset means push URLs are not registered (set them in the platform's console, or set this).
    /// </summary>
    public string? PushBaseUrl { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PushBaseUrl)
            && (!Uri.TryCreate(PushBaseUrl, UriKind.Absolute, out var push) || (push.Scheme != Uri.UriSchemeHttps && push.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{Section}:{nameof(PushBaseUrl)} must be an absolute http(s) URL the platform can reach, such as https://portal.example.com.", [nameof(PushBaseUrl)]);
        }

        if (Mode != YilianyunMode.Live)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return new ValidationResult($"{Section}:{nameof(ClientId)} is required when {Section}:{nameof(Mode)} is Live (set it in configuration or user secrets).", [nameof(ClientId)]);
        }

        if (string.IsNullOrWhiteSpace(ClientSecret))
        {
            yield return new ValidationResult($"{Section}:{nameof(ClientSecret)} is required when {Section}:{nameof(Mode)} is Live (keep it in user secrets or the environment).", [nameof(ClientSecret)]);
        }

        if (AppType == YilianyunAppType.Open
            && (!Uri.TryCreate(RedirectUri, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult($"{Section}:{nameof(RedirectUri)} must be the absolute callback URL registered with the app (…{CallbackPath}) when {Section}:{nameof(Mode)} is Live.", [nameof(RedirectUri)]);
        }
    }
}

/// <summary>Settings of the token refresher under <c>Yilianyun:Refresher:*</c>.</summary>
public sealed class RefresherSettings
{
    public const string Section = "Yilianyun:Refresher";

    /// <summary>Refresh when less than this remains before the access (or refresh) token expires.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "25.00:00:00")]
    public TimeSpan RefreshBefore { get; set; } = TimeSpan.FromDays(5);

    /// <summary>Planned refreshes are spread earlier by a random amount up to this, so a batch of grants does not refresh at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "2.00:00:00")]
    public TimeSpan Jitter { get; set; } = TimeSpan.FromHours(6);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 8;

    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>Refreshes per printer per day the background refresher may use; the rest of the platform's 20 stay for "Refresh now".</summary>
    [Range(1, 20)]
    public int AutomaticDailyBudget { get; set; } = 15;

    public bool Enabled { get; set; } = true;
}
