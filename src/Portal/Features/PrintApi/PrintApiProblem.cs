namespace Portal.Features.PrintApi;

/// <summary>
/// One kind of error the print API answers, as RFC 9457 problem details: a stable <see cref="Slug"/> (its
/// <c>type</c> is the developer page's address with the slug as fragment), its HTTP status and a title; the detail says
/// what happened this time.
/// </summary>
public sealed record PrintApiProblem(int Status, string Slug, string Title)
{
    public static readonly PrintApiProblem Unauthorized = new(401, "unauthorized", "The API key is missing, unknown, expired or revoked");
    public static readonly PrintApiProblem MissingScope = new(403, "missing-scope", "The API key lacks the scope this call needs");
    public static readonly PrintApiProblem CompanyRequired = new(400, "company-required", "Name the company this operator key acts for");
    public static readonly PrintApiProblem InvalidRequest = new(400, "invalid-request", "The request is not valid");
    public static readonly PrintApiProblem NotFound = new(404, "not-found", "There is no such resource");
    public static readonly PrintApiProblem CannotPrint = new(409, "printer-cannot-print", "The printer cannot print now");
    public static readonly PrintApiProblem CannotCancel = new(409, "job-cannot-be-cancelled", "The job cannot be cancelled");
    public static readonly PrintApiProblem IdempotencyKeyReused = new(422, "idempotency-key-reused", "The Idempotency-Key was used with another request");
    public static readonly PrintApiProblem TooManyRequests = new(429, "rate-limited", "Too many requests with this API key");

    public static IReadOnlyList<PrintApiProblem> All { get; } =
        [Unauthorized, MissingScope, CompanyRequired, InvalidRequest, NotFound, CannotPrint, CannotCancel, IdempotencyKeyReused, TooManyRequests];

    public const string ContentType = "application/problem+json";

    /// <summary>The problem's <c>type</c>: the developer page's error list, built from the configured public address.</summary>
    public string Type(PortalLinks links) => links.To($"{PrintApiRegistration.PagePath}#{Slug}");

    public IResult Result(PortalLinks links, string detail) => TypedResults.Problem(detail, statusCode: Status, title: Title, type: Type(links));

    /// <summary>Writes the problem where no endpoint runs (authentication, the rate limiter).</summary>
    public Task WriteAsync(HttpContext context, string detail) =>
        Result(context.RequestServices.GetRequiredService<PortalLinks>(), detail).ExecuteAsync(context);
}
