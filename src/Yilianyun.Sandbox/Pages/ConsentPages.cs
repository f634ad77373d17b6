namespace Yilianyun.Sandbox.Pages;

/// <summary>
/// <c>GET/POST {prefix}/oauth/authorize</c>. Invalid requests get an error page with the platform's code and never a
/// redirect; approval redirects to the registered redirect_uri with <c>response_type=code&amp;code&amp;state</c>;
/// denial redirects with <c>error=access_denied&amp;error_description&amp;state</c>.
/// The page lists only printers nobody holds: a printer bound or authorized to any app is chosen by typing its terminal
/// number and key, as the platform binds a printer, so a visitor learns nothing of other merchants' printers.
/// </summary>
internal static class ConsentPages
{
    public static IResult Show(HttpContext context, SandboxAdmin admin)
    {
        var query = context.Request.Query;
        var request = Validate(admin, query["response_type"], query["client_id"], query["redirect_uri"], query["state"]);
        if (request.Error is { } error)
        {
            return ErrorPage(context, error);
        }

        return Page(context, admin, request, merchant: null, message: null, StatusCodes.Status200OK);
    }

    public static async Task<IResult> DecideAsync(HttpContext context, SandboxAdmin admin, SandboxStore store, TimeProvider time, SandboxOptions options)
    {
        if (!context.Request.HasFormContentType)
        {
            return ErrorPage(context, SandboxErrors.AuthorizeParametersEmpty);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var request = Validate(admin, form["response_type"], form["client_id"], form["redirect_uri"], form["state"]);
        if (request.Error is { } error)
        {
            return ErrorPage(context, error);
        }

        if (form["decision"] != "approve")
        {
            return Results.Redirect(WithQuery(request.RedirectUri,
                ("error", "access_denied"), ("error_description", "用户拒绝授权 the merchant denied the authorization"), ("state", request.State)));
        }

        var merchant = form["merchant"].ToString().Trim();
        if (merchant.Length == 0)
        {
            return Page(context, admin, request, merchant, "请先输入商户账号 · Sign in with any merchant name first.", StatusCodes.Status400BadRequest);
        }

        var typed = form["terminal"].ToString().Trim();
        var machineCode = typed.Length > 0 ? typed : form["machine_code"].ToString();
        if (machineCode == "new")
        {
            var created = admin.CreatePrinter(new SandboxPrinterOptions
            {
                Model = form["new_model"].ToString(),
                PaperWidth = form["new_width"] == "80" ? PaperWidth.Mm80 : PaperWidth.Mm58,
            }, merchant);
            machineCode = created?.MachineCode ?? "";
        }

        var printer = admin.FindPrinter(machineCode);
        if (printer is null && typed.Length == 0)
        {
            return Page(context, admin, request, merchant, "请选择打印机 · Choose a printer.", StatusCodes.Status400BadRequest);
        }

        // An unknown terminal number gets the same answer as a wrong key, so typing numbers finds out nothing.
        if (printer is null || (printer.InUse && !KeyMatches(printer.Msign, form["msign"].ToString().Trim())))
        {
            return Page(context, admin, request, merchant,
                "终端号或密钥不正确 · The terminal number or key is wrong. A printer already in use needs both, as printed on its label.",
                StatusCodes.Status400BadRequest);
        }

        var code = store.IssueCode(request.App!.ClientId, machineCode, time.GetUtcNow(), options.AuthorizationCodeLifetime);
        return Results.Redirect(WithQuery(request.RedirectUri, ("response_type", "code"), ("code", code), ("state", request.State)));
    }

    private static bool KeyMatches(string expected, string typed) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(typed));

    private sealed record AuthorizeRequest(int? Error, SandboxAppOptions? App, string ResponseType, string RedirectUri, string State);

    /// <summary>Checks in the platform's order: empty fields (4), response_type (1), client (2), app type (31), redirect_uri (3).</summary>
    private static AuthorizeRequest Validate(SandboxAdmin admin, string? responseType, string? clientId, string? redirectUri, string? state)
    {
        responseType ??= "";
        redirectUri ??= "";
        state ??= "";
        if (string.IsNullOrWhiteSpace(clientId) || responseType.Length == 0 || state.Length == 0)
        {
            return new AuthorizeRequest(SandboxErrors.AuthorizeParametersEmpty, null, responseType, redirectUri, state);
        }

        if (responseType != "code")
        {
            return new AuthorizeRequest(SandboxErrors.InvalidResponseType, null, responseType, redirectUri, state);
        }

        var app = admin.FindApp(clientId);
        int? error = app is null ? SandboxErrors.UnknownClient
            : app.Type != SandboxAppType.Open ? SandboxErrors.WrongAppType
            : app.RedirectUri is null || !string.Equals(app.RedirectUri, redirectUri, StringComparison.Ordinal) ? SandboxErrors.RedirectUriMismatch
            : null;
        return new AuthorizeRequest(error, app, responseType, redirectUri, state);
    }

    private static IResult Page(HttpContext context, SandboxAdmin admin, AuthorizeRequest request, string? merchant, string? message, int status) =>
        new RazorComponentResult<AuthorizePage>(new Dictionary<string, object?>
        {
            [nameof(AuthorizePage.Base)] = SandboxEndpointRouteBuilderExtensions.BasePath(context),
            [nameof(AuthorizePage.AppName)] = request.App!.Name,
            [nameof(AuthorizePage.ClientId)] = request.App.ClientId,
            [nameof(AuthorizePage.ResponseType)] = request.ResponseType,
            [nameof(AuthorizePage.RedirectUri)] = request.RedirectUri,
            [nameof(AuthorizePage.State)] = request.State,
            [nameof(AuthorizePage.Printers)] = admin.Printers.Where(p => !p.InUse).ToList(),
            [nameof(AuthorizePage.Merchant)] = merchant,
            [nameof(AuthorizePage.Message)] = message,
        }) { StatusCode = status };

    private static IResult ErrorPage(HttpContext context, int code) =>
        new RazorComponentResult<AuthorizeErrorPage>(new Dictionary<string, object?>
        {
            [nameof(AuthorizeErrorPage.Base)] = SandboxEndpointRouteBuilderExtensions.BasePath(context),
            [nameof(AuthorizeErrorPage.Code)] = code,
            [nameof(AuthorizeErrorPage.Description)] = SandboxErrors.Describe(code),
            [nameof(AuthorizeErrorPage.Hint)] = code switch
            {
                SandboxErrors.RedirectUriMismatch => "redirect_uri 必须与应用登记的回调地址完全一致 · redirect_uri must equal the app's registered redirect URI exactly.",
                SandboxErrors.UnknownClient => "请在 Sandbox 管理页登记该应用 · Register the app on the sandbox admin page.",
                SandboxErrors.WrongAppType => "自有应用不使用授权页 · Own apps use client_credentials, not the consent page.",
                SandboxErrors.InvalidResponseType => "response_type 必须是 code · response_type must be code.",
                _ => "client_id、response_type、redirect_uri、state 都是必填 · client_id, response_type, redirect_uri and state are required.",
            },
        }) { StatusCode = StatusCodes.Status400BadRequest };

    private static string WithQuery(string uri, params (string Name, string Value)[] parameters)
    {
        var query = string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value)));
        var fragment = uri.IndexOf('#');
        var (head, tail) = fragment >= 0 ? (uri[..fragment], uri[fragment..]) : (uri, "");
        return head + (head.Contains('?') ? "&" : "?") + query + tail;
    }
}
