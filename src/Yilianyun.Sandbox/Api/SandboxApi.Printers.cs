namespace Yilianyun.Sandbox.Api;

internal sealed partial class SandboxApi
{
    private static readonly string[] KnownShippers = ["SF", "YZPY", "HTKY", "YD", "ZTO", "STO", "YTO", "JD", "EMS", "ZJS", "DBL", "JTSD"];
    private static readonly string[] NoPictureModels = ["K4-WH", "K4-WA", "M1"];

    private ApiResult AddPrinter(ApiCall call)
    {
        if (call.App.Type != SandboxAppType.Own)
        {
            return ApiResult.Fail(SandboxErrors.WrongAppType);
        }

        var machineCode = call.Form.Get("machine_code");
        var msign = call.Form.Get("msign");
        var qrKey = call.Form.Get("qr_key");
        if (machineCode is null || (msign is null && qrKey is null))
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        var printer = call.Data.FindPrinter(machineCode);
        var keyMatches = printer is not null && (msign is not null
            ? printer.Msign == msign
            : QrKeys.IsValid(printer, qrKey!, call.Now, _options.QrKeyLifetime));
        if (!keyMatches)
        {
            return ApiResult.Fail(SandboxErrors.MsignWrong);
        }

        if (printer!.OwnAppClientId is not null)
        {
            return ApiResult.Fail(SandboxErrors.AlreadyBound);
        }

        printer.OwnAppClientId = call.App.ClientId;
        printer.PrintName = call.Form.Get("print_name") ?? printer.PrintName;
        printer.Phone = call.Form.Get("phone") ?? printer.Phone;
        return ApiResult.Ok();
    }

    private ApiResult DeletePrinter(ApiCall call)
    {
        var printer = call.Printer!;
        if (call.App.Type == SandboxAppType.Open)
        {
            call.Data.RemoveGrant(call.Grant!);
        }
        else
        {
            printer.OwnAppClientId = null;
        }

        return ApiResult.Ok();
    }

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

    private static ApiResult GetPrintStatus(ApiCall call)
    {
        var body = new Fields();
        if (call.Dialect == SandboxDialect.V2)
        {
            body.Add("machine_code", call.Printer!.MachineCode);
        }

        body.Add("state", new Flex((int)call.Printer!.State));
        return ApiResult.Ok(body);
    }

    private static ApiResult PrintInfo(ApiCall call) => ApiResult.Ok(new Fields
    {
        { "version", call.Printer!.Model },
        { "print_width", ((int)call.Printer.PaperWidth).ToString(CultureInfo.InvariantCulture) },
    });

    private static ApiResult GetVersion(ApiCall call) => ApiResult.Ok(new Fields
    {
        { "hardware", "sandbox" },
        { "software", call.Printer!.Model },
    });

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

    private static ApiResult SetSound(ApiCall call)
    {
        var type = call.Form.Get("response_type");
        var voice = call.Form.Get("voice");
        if (type is null || voice is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (type is not ("buzzer" or "horn") || !int.TryParse(voice, NumberStyles.None, CultureInfo.InvariantCulture, out var volume) || volume > 3)
        {
            return ApiResult.Fail(SandboxErrors.SoundSettingFailed);
        }

        call.Printer!.SoundType = type;
        call.Printer.Volume = volume;
        return ApiResult.Ok();
    }

    private static ApiResult ShutdownRestart(ApiCall call)
    {
        var type = call.Form.Get("response_type");
        if (type is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (type is not ("restart" or "shutdown") || call.Printer!.State == SandboxPrinterState.Offline)
        {
            return ApiResult.Fail(SandboxErrors.ShutdownRestartFailed);
        }

        if (type == "shutdown")
        {
            call.Printer.State = SandboxPrinterState.Offline;
            call.Pushes.AddRange(PushBuilder.AppsHolding(call.Data, call.Printer)
                .Select(client => PushBuilder.Build(call.Data, client, call.Printer.MachineCode, PushBuilder.PrintStatus, call.Now,
                    [new("online", ((int)SandboxPrinterState.Offline).ToString(CultureInfo.InvariantCulture))]))
                .OfType<SandboxPush>());
        }
        else
        {
            call.Printer.Restarts++;
        }

        return ApiResult.Ok();
    }

    private static ApiResult SetIcon(ApiCall call)
    {
        var url = call.Form.Get("img_url");
        if (url is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (!IsHttpUrl(url))
        {
            return ApiResult.Fail(SandboxErrors.SetIconFailed);
        }

        call.Printer!.IconUrl = url;
        return ApiResult.Ok();
    }

    private static ApiResult DeleteIcon(ApiCall call)
    {
        call.Printer!.IconUrl = null;
        return ApiResult.Ok();
    }

    private static ApiResult ButtonPrint(ApiCall call)
    {
        switch (call.Form.Get("response_type"))
        {
            case null:
                return ApiResult.Fail(SandboxErrors.MissingParameters);
            case "btnopen":
                call.Printer!.ButtonPrint = true;
                return ApiResult.Ok();
            case "btnclose":
                call.Printer!.ButtonPrint = false;
                return ApiResult.Ok();
            default:
                return ApiResult.Fail(SandboxErrors.ButtonPrintFailed);
        }
    }

    /// <summary>Accept/reject buttons: open/close only (not btnopen), and the printer must be online.</summary>
    private static ApiResult GetOrder(ApiCall call)
    {
        var type = call.Form.Get("response_type");
        if (type is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (type is not ("open" or "close") || call.Printer!.State != SandboxPrinterState.Online)
        {
            return ApiResult.Fail(SandboxErrors.GetOrderSettingFailed);
        }

        call.Printer.AcceptRejectButtons = type == "open";
        return ApiResult.Ok();
    }

    private static ApiResult SetVoice(ApiCall call)
    {
        var content = call.Form.Get("content");
        var isFile = call.Form.Get("is_file");
        var aidText = call.Form.Get("aid");
        if (content is null || isFile is null || aidText is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (!TryParseAid(aidText, out var aid) || isFile is not ("true" or "false"))
        {
            return ApiResult.Fail(SandboxErrors.ParameterError, "aid must be 0..9 and is_file true or false");
        }

        var valid = isFile == "true" ? IsHttpUrl(content) : IsJsonArray(content);
        if (!valid)
        {
            return ApiResult.Fail(SandboxErrors.ParameterError, "content must be an mp3 URL (is_file=true) or a JSON array [text, volume, voice]");
        }

        call.Printer!.Voices[aid] = content;
        return ApiResult.Ok(new Fields { { "aid", new Flex(aid) } });
    }

    private static ApiResult DeleteVoice(ApiCall call)
    {
        var aidText = call.Form.Get("aid");
        if (aidText is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (!TryParseAid(aidText, out var aid))
        {
            return ApiResult.Fail(SandboxErrors.ParameterError, "aid must be 0..9");
        }

        call.Printer!.Voices.Remove(aid);
        return ApiResult.Ok();
    }

    private ApiResult AddPrintMenu(ApiCall call)
    {
        var content = call.Form.Get("content");
        if (content is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        List<PrintMenu> menus = [];
        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return ApiResult.Fail(SandboxErrors.MenuNotJsonArray);
            }

            foreach (var pair in document.RootElement.EnumerateArray())
            {
                if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2
                    || pair[0].ValueKind != JsonValueKind.String || pair[1].ValueKind != JsonValueKind.String)
                {
                    return ApiResult.Fail(SandboxErrors.MenuAddFailed);
                }

                menus.Add(new PrintMenu { Name = pair[0].GetString()!, Url = Uri.UnescapeDataString(pair[1].GetString()!) });
            }
        }
        catch (JsonException)
        {
            return ApiResult.Fail(SandboxErrors.MenuNotJsonArray);
        }

        var printer = call.Printer!;
        if (printer.Menus.Count + menus.Count > _options.MaxPrintMenus)
        {
            return ApiResult.Fail(SandboxErrors.TooManyMenus);
        }

        var names = printer.Menus.Select(m => m.Name).Concat(menus.Select(m => m.Name)).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            return ApiResult.Fail(SandboxErrors.DuplicateMenuName);
        }

        printer.Menus.AddRange(menus);
        return ApiResult.Ok();
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

    private static bool TryParseAid(string text, out int aid) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out aid) && aid <= 9;

    private static bool IsJsonArray(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
