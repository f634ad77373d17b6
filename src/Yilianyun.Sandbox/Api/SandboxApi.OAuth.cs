namespace Yilianyun.Sandbox.Api;

internal sealed partial class SandboxApi
{
    private ApiResult Token(ApiCall call)
    {
        if (call.Form.Get("scope") is null)
        {
            return ApiResult.Fail(SandboxErrors.ScopeMissing);
        }

        return call.Form.Get("grant_type") switch
        {
            "authorization_code" => AuthorizationCodeGrant(call),
            "client_credentials" => ClientCredentialsGrant(call),
            "refresh_token" => RefreshTokenGrant(call),
            null => ApiResult.Fail(SandboxErrors.MissingParameters),
            _ => ApiResult.Fail(SandboxErrors.InvalidResponseType),
        };
    }

    private ApiResult AuthorizationCodeGrant(ApiCall call)
    {
        if (call.App.Type != SandboxAppType.Open)
        {
            return ApiResult.Fail(SandboxErrors.WrongAppType);
        }

        var code = call.Form.Get("code");
        if (code is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        // Taken before checking: a code is spent by any attempt to use it.
        var found = store.TakeCode(code);
        if (found is null || found.ClientId != call.App.ClientId || found.ExpiresAt <= call.Now
            || call.Data.FindPrinter(found.MachineCode) is null)
        {
            return ApiResult.Fail(SandboxErrors.CodeWrongOrExpired);
        }

        return IssueToken(call, found.MachineCode);
    }

    private ApiResult ClientCredentialsGrant(ApiCall call)
    {
        if (call.App.Type != SandboxAppType.Own)
        {
            return ApiResult.Fail(SandboxErrors.WrongAppType);
        }

        if (!TokenRules.TryCount(call.Data, _options, TokenRules.LimitKey(call.App, ""), call.Now))
        {
            return ApiResult.Fail(SandboxErrors.LimitReached);
        }

        return IssueToken(call, "");
    }

    private ApiResult RefreshTokenGrant(ApiCall call)
    {
        var refreshToken = call.Form.Get("refresh_token");
        if (refreshToken is null)
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        var found = call.Data.Index.ByRefreshToken(call.App.ClientId, refreshToken);
        var current = found?.RefreshToken == refreshToken ? found : null;
        if (current is not null)
        {
            if (current.RefreshExpiresAt <= call.Now)
            {
                return ApiResult.Fail(SandboxErrors.RefreshTokenExpired);
            }

            if (!TokenRules.TryCount(call.Data, _options, TokenRules.LimitKey(call.App, current.MachineCode), call.Now))
            {
                return ApiResult.Fail(SandboxErrors.LimitReached);
            }

            return IssueToken(call, current.MachineCode);
        }

        // A lost answer retried with the previous refresh token gets the same pair again, uncounted.
        var replayed = found?.PreviousRefreshToken == refreshToken && found.PreviousValidUntil > call.Now ? found : null;
        return replayed is not null
            ? TokenAnswer(call, replayed)
            : ApiResult.Fail(SandboxErrors.RefreshTokenExpired);
    }

    private ApiResult ScanCode(ApiCall call)
    {
        if (call.App.Type != SandboxAppType.Open)
        {
            return ApiResult.Fail(SandboxErrors.WrongAppType);
        }

        if (call.Form.Get("scope") is null)
        {
            return ApiResult.Fail(SandboxErrors.ScopeMissing);
        }

        if (!TryReadKeyedPrinter(call, preferQrKey: true, out var printer))
        {
            return ApiResult.Fail(SandboxErrors.ScanParametersEmpty);
        }

        return printer is null ? ApiResult.Fail(SandboxErrors.QrKeyWrong) : IssueToken(call, printer.MachineCode);
    }

    /// <summary>Issues a new pair for the calling app and <paramref name="machineCode"/> ("" for own apps) and answers with it.</summary>
    private ApiResult IssueToken(ApiCall call, string machineCode) =>
        TokenAnswer(call, TokenRules.Issue(call.Data, _options, call.App, machineCode, call.Now));

    private ApiResult TokenAnswer(ApiCall call, TokenGrant grant) => ApiResult.Ok(TokenRules.Body(grant, call.App, _options, call.Dialect));

    private ApiResult SetPushUrl(ApiCall call)
    {
        var cmd = call.Form.Get("cmd");
        var url = call.Form.Get("url");
        var status = call.Form.Get("status");
        var machineCode = call.Form.Get("machine_code");
        if (cmd is null || url is null || status is null || (call.App.Type == SandboxAppType.Open && machineCode is null))
        {
            return ApiResult.Fail(SandboxErrors.MissingParameters);
        }

        if (!PushBuilder.Commands.Contains(cmd) || status is not ("open" or "close"))
        {
            return ApiResult.Fail(SandboxErrors.ParameterError, "cmd must be one of " + string.Join(", ", PushBuilder.Commands) + "; status open or close");
        }

        if (!IsHttpUrl(url))
        {
            return ApiResult.Fail(SandboxErrors.ParameterError, "url must be an http or https URL");
        }

        if (call.App.Type == SandboxAppType.Open && (machineCode is null || call.Data.Index.ByPrinter(call.App.ClientId, machineCode) is null))
        {
            return ApiResult.Fail(SandboxErrors.NoPermission);
        }

        if (status == "open" && call.ProbeSucceeded == false)
        {
            return ApiResult.Fail(SandboxErrors.ParameterError, "url did not answer the GET probe with {\"data\":\"OK\"}");
        }

        var scope = call.App.Type == SandboxAppType.Own ? "" : machineCode!;
        call.Data.PushUrls.RemoveAll(p => p.ClientId == call.App.ClientId && p.MachineCode == scope && p.Cmd == cmd);
        call.Data.PushUrls.Add(new PushUrlSetting { ClientId = call.App.ClientId, MachineCode = scope, Cmd = cmd, Url = url, Open = status == "open" });
        return ApiResult.Ok();
    }
}
