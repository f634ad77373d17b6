namespace Portal.Features.PrintApi;

/// <summary>
/// The calls under <c>/api/v1</c>. Every value a caller sends is read here by hand, so a malformed one answers a
/// problem that names it rather than the framework's bare 400; another company's ids answer 404 like unknown ones.
/// </summary>
internal static class PrintApiEndpoints
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/printers", ListPrintersAsync).Needs(PrintApiScope.PrintersRead)
            .WithName("ListPrinters").WithTags("Printers").WithSummary("List the company's printers")
            .Produces<PrintApiPage<PrintApiPrinter>>().Problems(400);

        api.MapPost("/printers/{id}/jobs", CreateJobAsync).Needs(PrintApiScope.JobsWrite)
            .WithName("CreateJob").WithTags("Jobs").WithSummary("Print a receipt on a printer")
            .WithDescription($"Send {IdempotencyKeyHeader} to make a retry safe: the same key with the same request answers the first job (200); with another request, 422.")
            .WithMetadata(new PrintApiDocument.JsonBody(typeof(PrintApiJobRequest)))
            .Produces<PrintApiJob>(StatusCodes.Status201Created).Produces<PrintApiJob>().Problems(400, 404, 409, 422);

        api.MapGet("/jobs", ListJobsAsync).Needs(PrintApiScope.JobsRead)
            .WithName("ListJobs").WithTags("Jobs").WithSummary("List the company's print jobs, newest first")
            .Produces<PrintApiPage<PrintApiJob>>().Problems(400);

        api.MapGet("/jobs/{id}", GetJobAsync).Needs(PrintApiScope.JobsRead)
            .WithName("GetJob").WithTags("Jobs").WithSummary("Read one print job")
            .Produces<PrintApiJob>().Problems(404);

        api.MapPost("/jobs/{id}/cancel", CancelJobAsync).Needs(PrintApiScope.JobsWrite)
            .WithName("CancelJob").WithTags("Jobs").WithSummary("Cancel a job the printer has not printed yet")
            .Produces<PrintApiJob>().Problems(404, 409);
    }

    private static RouteHandlerBuilder Needs(this RouteHandlerBuilder endpoint, PrintApiScope scope) =>
        endpoint.RequireAuthorization(scope.Policy).WithMetadata(scope);

    private static RouteHandlerBuilder Problems(this RouteHandlerBuilder endpoint, params int[] statuses)
    {
        foreach (var status in statuses.Concat([401, 403, 429]))
        {
            endpoint.ProducesProblem(status);
        }

        return endpoint;
    }

    private static async Task<IResult> ListPrintersAsync(HttpContext context, PrintApiReads reads, PortalLinks links)
    {
        if (Paging(context.Request.Query, links, out var after, out var limit) is { } invalid)
        {
            return invalid;
        }

        return Answer(await reads.PrintersAsync(after, limit, context.RequestAborted), links);
    }

    private static async Task<IResult> ListJobsAsync(HttpContext context, PrintApiReads reads, PortalLinks links)
    {
        var query = context.Request.Query;
        if (Paging(query, links, out var after, out var limit) is { } invalid)
        {
            return invalid;
        }

        Guid? printer = null;
        if (query.ContainsKey("printer"))
        {
            if (!Guid.TryParse(query["printer"], out var id))
            {
                return Invalid(links, "printer must be a printer's id.");
            }

            printer = id;
        }

        PrintJobState? state = null;
        if (query.ContainsKey("state"))
        {
            if (!PrintApiNames.TryParse<PrintJobState>(query["state"], out var parsed))
            {
                return Invalid(links, $"state must be one of {string.Join(", ", Enum.GetValues<PrintJobState>().Select(PrintApiNames.Of))}.");
            }

            state = parsed;
        }

        DateTimeOffset? since = null;
        if (query.ContainsKey("since"))
        {
            if (!DateTimeOffset.TryParse(query["since"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from))
            {
                return Invalid(links, "since must be a time in ISO 8601, such as 2026-12-07T08:00:00Z.");
            }

            since = from;
        }

        return Answer(await reads.JobsAsync(printer, state, since, after, limit, context.RequestAborted), links);
    }

    private static async Task<IResult> GetJobAsync(string id, HttpContext context, PrintApiReads reads, PortalLinks links)
    {
        if (!Guid.TryParse(id, out var jobId) || (await reads.JobAsync(jobId, context.RequestAborted)) is not { Succeeded: true, Value: { } job })
        {
            return PrintApiProblem.NotFound.Result(links, "There is no such job.");
        }

        return TypedResults.Ok(job);
    }

    private static async Task<IResult> CreateJobAsync(string id, HttpContext context, PrintApiPrinting printing, PortalLinks links)
    {
        if (!Guid.TryParse(id, out var printerId))
        {
            return PrintApiProblem.NotFound.Result(links, "There is no such printer.");
        }

        var idempotencyKey = context.Request.Headers[IdempotencyKeyHeader].ToString();
        if (context.Request.Headers.ContainsKey(IdempotencyKeyHeader) && idempotencyKey.Length is 0 or > PrintApiPrinting.MaxIdempotencyKeyLength)
        {
            return Invalid(links, $"{IdempotencyKeyHeader} must be 1 to {PrintApiPrinting.MaxIdempotencyKeyLength} characters.");
        }

        PrintApiJobRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<PrintApiJobRequest>(context.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: the body is not declared as JSON.
            return Invalid(links, "The body must be JSON: {\"content\": \"…\", \"copies\": 1, \"origin_id\": \"…\"} with Content-Type: application/json.");
        }

        if (request?.Content is null)
        {
            return Invalid(links, "content is required: the receipt's markup, or the picture's address.");
        }

        var kind = PrintJobKind.Text;
        if (request.Kind is not null && !PrintApiNames.TryParse(request.Kind, out kind))
        {
            return Invalid(links, "kind must be \"text\" (receipt markup, the default) or \"picture\" (an image's address).");
        }

        if (request.OriginId is { } origin && (origin.Length is 0 or > PrintApiPrinting.MaxOriginIdLength))
        {
            return Invalid(links, $"origin_id must be 1 to {PrintApiPrinting.MaxOriginIdLength} characters.");
        }

        var keyId = ApiKeyCaller.KeyId(context.User)!.Value;
        var answer = await printing.CreateAsync(keyId, printerId, kind, request, idempotencyKey.Length > 0 ? idempotencyKey : null, context.RequestAborted);
        return answer switch
        {
            { Problem: { } problem } => problem.Result(links, answer.Detail!),
            { Repeated: true } => TypedResults.Ok(answer.Value),
            _ => TypedResults.Created(links.To($"{PrintApiRegistration.RoutePrefix}/jobs/{answer.Value!.Id:D}"), answer.Value),
        };
    }

    private static async Task<IResult> CancelJobAsync(string id, HttpContext context, PrintApiPrinting printing, PortalLinks links)
    {
        if (!Guid.TryParse(id, out var jobId))
        {
            return PrintApiProblem.NotFound.Result(links, "There is no such job.");
        }

        var answer = await printing.CancelAsync(jobId, context.RequestAborted);
        return answer.Problem is { } problem ? problem.Result(links, answer.Detail!) : TypedResults.Ok(answer.Value);
    }

    /// <summary>Reads <c>cursor</c> and <c>limit</c>; answers the problem when either is malformed.</summary>
    private static IResult? Paging(IQueryCollection query, PortalLinks links, out PrintApiCursor? after, out int limit)
    {
        limit = PrintApiCursor.DefaultLimit;
        if (!PrintApiCursor.TryDecode(query["cursor"], out after))
        {
            return Invalid(links, "cursor is not one this API gave: pass next_cursor from the previous page as it is.");
        }

        if (query.ContainsKey("limit") && (!int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > PrintApiCursor.MaxLimit))
        {
            return Invalid(links, $"limit must be a number from 1 to {PrintApiCursor.MaxLimit}.");
        }

        return null;
    }

    private static IResult Invalid(PortalLinks links, string detail) => PrintApiProblem.InvalidRequest.Result(links, detail);

    private static IResult Answer<T>(ServiceResult<T> result, PortalLinks links) =>
        result.Succeeded ? TypedResults.Ok(result.Value) : PrintApiProblem.Unauthorized.Result(links, result.Error!);
}
