using Portal.Features.Printing;

namespace Portal.Features.Printing;

public static class PrintingEndpoints
{
    public const string JobsCsvPath = "/printing/jobs.csv";

    /// <summary>
    /// <c>GET /printing/jobs.csv?printer=&amp;state=&amp;from=&amp;to=&amp;text=</c>: the caller's current company's jobs
    /// matching the history page's filters, streamed as CSV. Unreadable filter values are ignored, never a 500.
    /// </summary>
    internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(JobsCsvPath, async (HttpContext context, AuthenticationStateProvider authentication, PrintJobHistory jobs) =>
        {
            // Outside a circuit the services read the caller from the request's user.
            if (authentication is IHostEnvironmentAuthenticationStateProvider host)
            {
                host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));
            }

            var query = ParseQuery(context.Request.Query);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"print-jobs-{DateTime.UtcNow:yyyyMMdd-HHmm}.csv\"";
            await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024);
            if (!await jobs.WriteCsvAsync(query, writer, context.RequestAborted))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.Headers.ContentDisposition = default;
            }
        }).RequireAuthorization();
        return endpoints;
    }

    /// <summary>The history page's filters as a query string, for the export link.</summary>
    public static string CsvUrl(PrintJobQuery query)
    {
        var parts = new List<string>();
        if (query.PrinterId is { } printer)
        {
            parts.Add($"printer={printer:D}");
        }

        if (query.State is { } state)
        {
            parts.Add($"state={state}");
        }

        if (query.From is { } from)
        {
            parts.Add($"from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}");
        }

        if (query.To is { } to)
        {
            parts.Add($"to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}");
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            parts.Add($"text={Uri.EscapeDataString(query.Text.Trim())}");
        }

        return parts.Count == 0 ? JobsCsvPath : $"{JobsCsvPath}?{string.Join('&', parts)}";
    }

    public static PrintJobQuery ParseQuery(IQueryCollection values) => new(
        PrinterId: Guid.TryParse(values["printer"], out var printer) ? printer : null,
        State: Enum.TryParse<PrintJobState>(values["state"], ignoreCase: true, out var state) && Enum.IsDefined(state) ? state : null,
        From: DateTimeOffset.TryParse(values["from"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from) ? from : null,
        To: DateTimeOffset.TryParse(values["to"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var to) ? to : null,
        Text: values["text"].ToString() is { Length: > 0 and <= 200 } text ? text : null);
}
