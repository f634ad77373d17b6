namespace Yilianyun.Sandbox.Api;

// Binding printers (addprinter, deleteprinter) and reading what they are.
internal sealed partial class SandboxApi
{
    private ApiResult AddPrinter(ApiCall call)
    {
        if (call.App.Type != SandboxAppType.Own)
        {
            return ApiResult.Fail(SandboxErrors.WrongAppType);
        }

        if (!TryReadKeyedPrinter(call, preferQrKey: false, out var printer))
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (printer is null)
        {
            return ApiResult.Fail(SandboxErrors.MsignWrong);
        }

        if (printer.OwnAppClientId is not null)
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

    /// <summary>
    /// Reads machine_code and a printer key, msign or qr_key (addprinter and scancodemodel take either; when both are
    /// sent the preferred one is checked): false when machine_code or both keys are missing; otherwise
    /// <paramref name="printer"/> is the printer the key opens, or null when the key is wrong or the printer unknown.
    /// </summary>
    private bool TryReadKeyedPrinter(ApiCall call, bool preferQrKey, out VirtualPrinter? printer)
    {
        var machineCode = call.Form.Get("machine_code");
        var msign = call.Form.Get("msign");
        var qrKey = call.Form.Get("qr_key");
        printer = null;
        if (machineCode is null || (msign is null && qrKey is null))
        {
            return false;
        }

        var found = call.Data.FindPrinter(machineCode);
        var checkQrKey = qrKey is not null && (preferQrKey || msign is null);
        var keyMatches = found is not null && (checkQrKey
            ? QrKeys.IsValid(found, qrKey!, call.Now, _options.QrKeyLifetime)
            : found.Msign == msign);
        printer = keyMatches ? found : null;
        return true;
    }
}
