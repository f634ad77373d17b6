namespace Portal.Features.OpenApi;

/// <summary>Settings under <c>OpenApi:*</c> for the document-003 open API the portal serves.</summary>
public sealed class OpenApiOptions
{
    public const string Section = "OpenApi";

    /// <summary>How far a request's <c>t_</c> may be from the server's clock, either way.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan TimestampWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an auth code from <c>authorize</c> stays usable.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")]
    public TimeSpan AuthCodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a user's API access token is valid; the document says three months.</summary>
    [Range(1, 12)]
    public int AccessTokenLifetimeMonths { get; set; } = 3;

    /// <summary>Requests one client may make per <see cref="RateLimitWindow"/> before it gets 429.</summary>
    [Range(1, 10_000_000)]
    public int RequestsPerWindow { get; set; } = 600;

    /// <summary>
    /// Requests per <see cref="RateLimitWindow"/> one remote address may make without proving a client (no header,
    /// unknown client id, wrong secret) before it gets 429. Verified clients never spend it.
    /// </summary>
    [Range(1, 10_000_000)]
    public int UnverifiedRequestsPerWindow { get; set; } = 60;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a looked-up client or grant (token, membership, provider, auth code, profile) is reused without asking
    /// the database. Changes made through the portal's own services take effect at once on this instance; any other
    /// change (another instance on the same PostgreSQL, a company deleted, a membership ended) within this time, so it
    /// is at most a second: a revocation must not outlive it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan LookupCacheDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often call counts, last-use times and provider access are written to the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers the document's test client (1102084294 / aku8hCyXBd9SqYkT) and a demo user whose access token is the
    /// document's, so the document's example requests work. Off unless configured (appsettings.Development.json turns it
    /// on); refused in the Production environment.
    /// </summary>
    public bool SeedDocumentExamples { get; set; }
}

/// <summary>The document's published test secret must never become a credential of a real deployment.</summary>
internal sealed class OpenApiOptionsValidator(IHostEnvironment environment, IOptions<Portal.Infrastructure.Hosting.PortalOptions> portal) : IValidateOptions<OpenApiOptions>
{
    public ValidateOptionsResult Validate(string? name, OpenApiOptions options) =>
        options.SeedDocumentExamples && !environment.IsDevelopment() && !portal.Value.Demo
            ? ValidateOptionsResult.Fail(
                "OpenApi:SeedDocumentExamples is for Development and demos (Portal:Demo=true) only: it registers a client whose secret is published.")
            : ValidateOptionsResult.Success;
}
