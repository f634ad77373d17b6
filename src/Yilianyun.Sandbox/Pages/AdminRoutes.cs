using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Yilianyun.Sandbox.Pages;

/// <summary>
/// The console at <c>{prefix}/admin</c>: apps, virtual printers, fault rules and the latest requests. A form that
/// cannot be used answers the page with the reason and HTTP 400; a success redirects back to the page.
/// </summary>
internal static class AdminRoutes
{
    private const int JournalRows = 30;

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/admin", (HttpContext context) => Page(context));
        group.MapPost("/admin/apps", AddAppAsync).DisableAntiforgery();
        group.MapPost("/admin/printers", AddPrinterAsync).DisableAntiforgery();
        group.MapPost("/admin/faults", AddFaultAsync).DisableAntiforgery();
        group.MapPost("/admin/faults/{id:int}/remove", (HttpContext context, int id, SandboxFaults faults) => faults.Remove(id)
            ? BackToPage(context)
            : Page(context, "该故障规则已不存在(可能已用完次数)· That fault rule is gone (it may have used up its times).", StatusCodes.Status404NotFound))
            .DisableAntiforgery();
        group.MapPost("/admin/faults/clear", (HttpContext context, SandboxFaults faults) =>
        {
            faults.Clear();
            return BackToPage(context);
        }).DisableAntiforgery();
    }

    private static async Task<IResult> AddAppAsync(HttpContext context, SandboxAdmin admin)
    {
        if (await SandboxEndpointRouteBuilderExtensions.ReadFormAsync(context) is not { } form)
        {
            return Results.BadRequest();
        }

        var app = new SandboxAppOptions
        {
            Name = form["name"].ToString(),
            ClientId = string.IsNullOrWhiteSpace(form["client_id"]) ? Random.Shared.NextInt64(1_000_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture) : form["client_id"].ToString(),
            ClientSecret = string.IsNullOrWhiteSpace(form["client_secret"]) ? SandboxStore.NewSecret() : form["client_secret"].ToString(),
            Type = form["type"] == "Own" ? SandboxAppType.Own : SandboxAppType.Open,
            RedirectUri = form["redirect_uri"].ToString(),
            PushUrl = form["push_url"].ToString(),
        };
        var urlsValid = new[] { app.RedirectUri, app.PushUrl }.All(u => string.IsNullOrWhiteSpace(u) || SandboxApi.IsHttpUrl(u.Trim()));
        return urlsValid && admin.SaveApp(app)
            ? BackToPage(context)
            : Page(context, "回调和推送地址必须是 http(s) URL · Redirect and push URLs must be http(s) URLs.", StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> AddPrinterAsync(HttpContext context, SandboxAdmin admin)
    {
        if (await SandboxEndpointRouteBuilderExtensions.ReadFormAsync(context) is not { } form)
        {
            return Results.BadRequest();
        }

        var created = admin.CreatePrinter(new SandboxPrinterOptions
        {
            MachineCode = form["machine_code"].ToString(),
            Msign = form["msign"].ToString(),
            Model = form["model"].ToString(),
            PaperWidth = form["paper_width"] == "80" ? PaperWidth.Mm80 : PaperWidth.Mm58,
        });
        return created is not null
            ? BackToPage(context)
            : Page(context, "终端号已存在 · That machine_code already exists.", StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> AddFaultAsync(HttpContext context, SandboxFaults faults)
    {
        if (await SandboxEndpointRouteBuilderExtensions.ReadFormAsync(context) is not { } form)
        {
            return Results.BadRequest();
        }

        if (FaultForm.Read(form, out var problem) is not { } fault)
        {
            return Page(context, "无法添加故障规则 · Cannot add the fault rule: " + problem, StatusCodes.Status400BadRequest);
        }

        faults.Add(fault);
        return BackToPage(context);
    }

    private static IResult BackToPage(HttpContext context) =>
        Results.Redirect(SandboxEndpointRouteBuilderExtensions.BasePath(context) + "/admin");

    private static IResult Page(HttpContext context, string? message = null, int status = StatusCodes.Status200OK)
    {
        var services = context.RequestServices;
        var admin = services.GetRequiredService<SandboxAdmin>();
        return new RazorComponentResult<AdminPage>(new Dictionary<string, object?>
        {
            [nameof(AdminPage.Base)] = SandboxEndpointRouteBuilderExtensions.BasePath(context),
            [nameof(AdminPage.Apps)] = admin.Apps,
            [nameof(AdminPage.Printers)] = admin.Printers,
            [nameof(AdminPage.Faults)] = services.GetRequiredService<SandboxFaults>().Active,
            [nameof(AdminPage.Journal)] = services.GetRequiredService<SandboxJournal>().Entries.Reverse().Take(JournalRows).ToList(),
            [nameof(AdminPage.Message)] = message,
        }) { StatusCode = status };
    }
}
