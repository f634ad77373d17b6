namespace Yilianyun.Sandbox.Api;

// Device settings: sound, power, logo, buttons, voices and menus.
internal sealed partial class SandboxApi
{
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
