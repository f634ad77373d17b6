namespace Yilianyun.Sandbox.Api;

// The orders on a printer: cancel, status, list and reprint.
internal sealed partial class SandboxApi
{
    private static ApiResult CancelAll(ApiCall call)
    {
        foreach (var job in AppJobs(call).Where(j => j.Status == PrintJobStatus.Unprinted))
        {
            job.Status = PrintJobStatus.Cancelled;
        }

        return ApiResult.Ok();
    }

    private static ApiResult CancelOne(ApiCall call)
    {
        if (!TryReadOrder(call, out var job))
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (job is null || job.Status != PrintJobStatus.Unprinted)
        {
            return ApiResult.Fail(SandboxErrors.NothingToCancel);
        }

        job.Status = PrintJobStatus.Cancelled;
        return ApiResult.Ok();
    }

    private static ApiResult GetOrderStatus(ApiCall call)
    {
        if (!TryReadOrder(call, out var job))
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        return job is null
            ? ApiResult.Fail(SandboxErrors.ParameterError, "order_id not found")
            : ApiResult.Ok(new Fields { { "id", new Flex(job.Id) }, { "origin_id", job.OriginId }, { "status", StatusNumber(job, call.Dialect) } });
    }

    private ApiResult GetOrderPagingList(ApiCall call)
    {
        if (call.Form.Get("page_index") is not { } pageText || call.Form.Get("page_size") is not { } sizeText)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (!int.TryParse(pageText, NumberStyles.None, CultureInfo.InvariantCulture, out var page)
            || !int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size)
            || page < 1 || size is < 1 or > 100 || (call.Dialect == SandboxDialect.V2 && page > 100))
        {
            return ApiResult.Fail(SandboxErrors.ParameterError, "page_index must be 1..100 and page_size 1..100");
        }

        if (call.Dialect == SandboxDialect.V1 && page > _options.V1OrderListMaxPages)
        {
            return ApiResult.Ok(new List<object?>());
        }

        var items = AppJobs(call)
            .OrderByDescending(j => j.Id)
            .Skip((page - 1) * size)
            .Take(size)
            .Select(j => (object?)new Fields
            {
                { "id", new Flex(j.Id) },
                { "origin_id", j.OriginId },
                { "status", StatusNumber(j, call.Dialect) },
                { "content", j.Content },
                { "receiving_time", new Flex(j.ReceivedAt.ToUnixTimeSeconds()) },
                { "print_time", new Flex(j.PrintedAt?.ToUnixTimeSeconds() ?? 0) },
            })
            .ToList();
        return ApiResult.Ok(items);
    }

    private ApiResult ReprintOrder(ApiCall call)
    {
        if (!TryReadOrder(call, out var original))
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (original is null)
        {
            return ApiResult.Fail(SandboxErrors.ParameterError, "order_id not found");
        }

        var copy = AddJob(call, original.Kind, original.Content, original.OriginId, original.Id);
        return ApiResult.Ok(new Fields { { "id", new Flex(copy.Id) }, { "origin_id", copy.OriginId } });
    }

    private static IEnumerable<PrintJob> AppJobs(ApiCall call) => call.Data.JobsOf(call.Printer!.MachineCode, call.App.ClientId);

    /// <summary>
    /// Reads <c>order_id</c>: false when it is missing; otherwise <paramref name="job"/> is the calling app's job on this
    /// printer with that platform order id, or null when there is none.
    /// </summary>
    private static bool TryReadOrder(ApiCall call, out PrintJob? job)
    {
        var orderId = call.Form.Get("order_id");
        job = long.TryParse(orderId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && call.Data.Index.Job(id) is { } found && found.MachineCode == call.Printer!.MachineCode && found.ClientId == call.App.ClientId
                ? found
                : null;
        return orderId is not null;
    }

    /// <summary>v1 knows printed (1) and not printed (0, cancelled included); v2 adds 2 for cancelled.</summary>
    private static int StatusNumber(PrintJob job, SandboxDialect dialect) =>
        dialect == SandboxDialect.V1 && job.Status == PrintJobStatus.Cancelled ? 0 : (int)job.Status;
}
