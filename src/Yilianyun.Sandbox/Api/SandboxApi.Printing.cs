namespace Yilianyun.Sandbox.Api;

// Text, picture and waybill prints, with origin_id idempotence.
internal sealed partial class SandboxApi
{
    private static readonly string[] KnownShippers = ["SF", "YZPY", "HTKY", "YD", "ZTO", "STO", "YTO", "JD", "EMS", "ZJS", "DBL", "JTSD"];
    private static readonly string[] NoPictureModels = ["K4-WH", "K4-WA", "M1"];

    private ApiResult PrintText(ApiCall call)
    {
        var content = call.Form.Get("content");
        return content is null ? ApiResult.Fail(SandboxErrors.MissingParameters) : Enqueue(call, PrintJobKind.Text, content);
    }

    private ApiResult PrintPicture(ApiCall call)
    {
        var url = call.Form.Get("picture_url");
        if (url is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        var extension = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Path.GetExtension(uri.AbsolutePath).ToLowerInvariant() : "";
        if (!IsHttpUrl(url) || extension is not (".jpg" or ".jpeg" or ".png"))
        {
            return ApiResult.Fail(SandboxErrors.PictureUrlWrong);
        }

        return NoPictureModels.Contains(call.Printer!.Model, StringComparer.OrdinalIgnoreCase)
            ? ApiResult.Fail(SandboxErrors.ModelNotSupported)
            : Enqueue(call, PrintJobKind.Picture, url);
    }

    private ApiResult PrintExpress(ApiCall call)
    {
        var content = call.Form.Get("content");
        if (content is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (!call.Printer!.Model.StartsWith("K5", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResult.Fail(SandboxErrors.WaybillNotSupported);
        }

        try
        {
            using var waybill = JsonDocument.Parse(content);
            var shipper = waybill.RootElement.ValueKind == JsonValueKind.Object
                && waybill.RootElement.TryGetProperty("ShipperCode", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
            if (shipper is null || !KnownShippers.Contains(shipper))
            {
                return ApiResult.Fail(SandboxErrors.WrongShipper);
            }
        }
        catch (JsonException)
        {
            return ApiResult.Fail(SandboxErrors.ParameterError, "content must be the waybill JSON");
        }

        return Enqueue(call, PrintJobKind.Express, content);
    }

    /// <summary>Creates a job, or returns the earlier job for the same origin_id when idempotence applies.</summary>
    private ApiResult Enqueue(ApiCall call, PrintJobKind kind, string content)
    {
        var originId = call.Form.Get("origin_id");
        if (originId is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        var validOrigin = call.Dialect == SandboxDialect.V1
            ? originId.Length <= 32 && originId.All(char.IsAsciiLetterOrDigit)
            : Encoding.UTF8.GetByteCount(originId) <= 64;
        if (!validOrigin)
        {
            return ApiResult.Fail(SandboxErrors.PrintFailed);
        }

        // Waybills document no idempotence switch; their origin_id is unique per app, so a repeat returns the earlier job.
        var idempotent = kind == PrintJobKind.Express || call.Form.Get("idempotence") switch
        {
            "1" => true,
            "0" => false,
            _ => call.Dialect == SandboxDialect.V1 ? _options.IdempotenceDefaultV1 : _options.IdempotenceDefaultV2,
        };
        var since = call.Now - _options.IdempotenceWindow;
        var earlier = idempotent
            ? call.Data.Index.NewestByOrigin(call.App.ClientId, originId) is { } newest && newest.ReceivedAt > since ? newest : null
            : null;
        var job = earlier ?? AddJob(call, kind, content, originId, reprintOf: null);
        return ApiResult.Ok(new Fields { { "id", new Flex(job.Id) }, { "origin_id", job.OriginId } });
    }

    private PrintJob AddJob(ApiCall call, PrintJobKind kind, string content, string originId, long? reprintOf)
    {
        var job = new PrintJob
        {
            Id = call.Data.NextJobId++,
            ClientId = call.App.ClientId,
            MachineCode = call.Printer!.MachineCode,
            OriginId = originId,
            Kind = kind,
            Content = content,
            Status = PrintJobStatus.Unprinted,
            ReceivedAt = call.Now,
            DueAt = call.Now + _options.PrintDelay,
            ReprintOf = reprintOf,
        };
        call.Data.AddJob(job, _options.MaxJobsPerPrinter);
        return job;
    }
}
