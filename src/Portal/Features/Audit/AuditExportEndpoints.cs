namespace Portal.Features.Audit;

/// <summary>
/// The audit log as a CSV download: <c>/audit/export.csv</c> (the current company; Owners and Admins) and
/// <c>/operator/audit/export.csv</c> (every company; operators). Filters travel in the query string as the pages set them.
/// </summary>
public static class AuditExportEndpoints
{
    public const string TenantPath = "/audit/export.csv";

    public const string OperatorPath = "/operator/audit/export.csv";

    internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TenantPath, (HttpContext context) => ExportAsync(context, allCompanies: false)).RequireAuthorization().ExcludeFromDescription();
        endpoints.MapGet(OperatorPath, (HttpContext context) => ExportAsync(context, allCompanies: true))
            .RequireAuthorization(PortalPolicies.Operator).ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>The export link for the filters a page shows (paging left out).</summary>
    public static string Link(AuditQuery query, bool allCompanies)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("group", query.Group);
        Add("action", query.Action);
        Add("actor", query.Actor);
        Add("result", query.Succeeded switch { true => "succeeded", false => "failed", null => null });
        Add("from", query.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", query.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("company", allCompanies ? query.TenantId?.ToString() : null);
        var path = allCompanies ? OperatorPath : TenantPath;
        return parts.Count == 0 ? path : $"{path}?{string.Join('&', parts)}";
    }

    /// <summary>Reads the filters back; a value that does not parse (a hand-edited link) is left out rather than failing.</summary>
    public static AuditQuery Parse(IQueryCollection query)
    {
        static DateOnly? Day(string? value) =>
            DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

        string? Text(string name) => query[name].FirstOrDefault() is { Length: > 0 and <= 200 } value ? value : null;

        return new AuditQuery(
            Group: Text("group"),
            Action: Text("action"),
            Actor: Text("actor"),
            Succeeded: Text("result") switch { "succeeded" => true, "failed" => false, _ => null },
            From: Day(Text("from")),
            To: Day(Text("to")),
            TenantId: Guid.TryParse(Text("company"), out var company) ? company : null);
    }

    private static async Task ExportAsync(HttpContext context, bool allCompanies)
    {
        // The services read the caller from the authentication state Blazor keeps; a plain request hands it its user.
        if (context.RequestServices.GetRequiredService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));
        }

        var audit = context.RequestServices.GetRequiredService<AuditQueryService>();
        if (await audit.ExportRefusalAsync(allCompanies, context.RequestAborted) is { } refusal)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync(refusal, context.RequestAborted);
            return;
        }

        var day = context.RequestServices.GetRequiredService<TimeProvider>().GetLocalNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"audit-{day}.csv\"";
        // With the byte order mark, spreadsheet programs read the Chinese as UTF-8.
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 16 * 1024);
        await audit.WriteCsvAsync(Parse(context.Request.Query), allCompanies, writer, context.RequestAborted);
        await writer.FlushAsync(context.RequestAborted);
    }
}
