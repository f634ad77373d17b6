using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Yilianyun.Sandbox.Pages;

namespace Yilianyun.Sandbox;

public static class SandboxEndpointRouteBuilderExtensions
{
    /// <summary>Receipts drawn on a printer page; older ones stay in the order list.</summary>
    private const int PrinterPageReceipts = 50;

    /// <summary>
    /// Maps the emulated platform under <paramref name="prefix"/>: the v1 API at <c>{prefix}/…</c>, the v2 API at
    /// <c>{prefix}/v2/…</c>, the consent page at <c>{prefix}/oauth/authorize</c>, the console at <c>{prefix}/admin</c>
    /// and printer pages at <c>{prefix}/printers/{machineCode}</c>. Form posts opt out of the host's antiforgery:
    /// they belong to the emulated platform, not to the host.
    /// </summary>
    public static RouteGroupBuilder MapYilianyunSandbox(this IEndpointRouteBuilder endpoints, string prefix = "/sandbox")
    {
        prefix = "/" + prefix.Trim('/');
        var group = endpoints.MapGroup(prefix);
        group.WithMetadata(new SandboxPrefix(prefix == "/" ? "" : prefix));
        // The emulated platform has its own notion of who is calling; a host's fallback authorization policy must not apply.
        group.AllowAnonymous();

        foreach (var path in SandboxApi.Paths)
        {
            group.MapPost("/" + path, (HttpContext context, SandboxApi api) => api.HandleAsync(context, path, SandboxDialect.V1))
                .DisableAntiforgery();
            group.MapMethods("/v2/" + path, [HttpMethods.Post, HttpMethods.Get], (HttpContext context, SandboxApi api) => api.HandleAsync(context, path, SandboxDialect.V2))
                .DisableAntiforgery();
        }

        foreach (var root in new[] { "", "/v2" })
        {
            group.MapGet(root + "/oauth/authorize", (HttpContext context, SandboxAdmin admin) => ConsentPages.Show(context, admin));
            group.MapPost(root + "/oauth/authorize", (HttpContext context, SandboxAdmin admin, SandboxStore store, TimeProvider time, Microsoft.Extensions.Options.IOptions<SandboxOptions> options) =>
                ConsentPages.DecideAsync(context, admin, store, time, options.Value)).DisableAntiforgery();
        }

        AdminRoutes.Map(group);
        group.MapGet("/printers/{machineCode}", (HttpContext context, string machineCode, SandboxAdmin admin) => PrinterPage(context, machineCode, admin, message: null));
        group.MapPost("/printers/{machineCode}/state", async (HttpContext context, string machineCode, SandboxAdmin admin) =>
        {
            if (await ReadFormAsync(context) is not { } form)
            {
                return Results.BadRequest();
            }

            if (!Enum.TryParse<SandboxPrinterState>(form["state"], out var state) || !Enum.IsDefined(state)
                || !admin.SetPrinterState(machineCode, state))
            {
                return Results.NotFound();
            }

            var back = form["return"] == "admin" ? "/admin" : "/printers/" + Uri.EscapeDataString(machineCode);
            return Results.Redirect(BasePath(context) + back);
        }).DisableAntiforgery();
        group.MapPost("/printers/{machineCode}/unbind", (HttpContext context, string machineCode, SandboxAdmin admin) =>
            admin.UnbindFromAllApps(machineCode) is { } apps
                ? PrinterPage(context, machineCode, admin, $"已解除 {apps} 个应用的授权 · {apps} app(s) lost access.")
                : Results.NotFound()).DisableAntiforgery();
        group.MapPost("/printers/{machineCode}/key", async (HttpContext context, string machineCode, SandboxAdmin admin, SandboxPrinterClock clock) =>
        {
            if (await ReadFormAsync(context) is not { } form)
            {
                return Results.BadRequest();
            }

            var (cmd, state) = form["key"].ToString() switch
            {
                "accept" => (PushBuilder.GetOrder, "1"),
                "reject" => (PushBuilder.GetOrder, "0"),
                "short" => (PushBuilder.KeyRequest, "request1"),
                "long" => (PushBuilder.KeyRequest, "request2"),
                _ => ("", ""),
            };
            if (cmd.Length == 0)
            {
                return Results.BadRequest();
            }

            var sent = clock.PressKey(machineCode, cmd, state);
            return PrinterPage(context, machineCode, admin, $"已发送 {sent} 条推送 · {sent} push(es) sent ({cmd} {state}).");
        }).DisableAntiforgery();

        group.MapUnknownEndpoints();
        return group;
    }

    /// <summary>The posted form, or null when the body is not a form (answered with 400 rather than an exception).</summary>
    internal static async Task<IFormCollection?> ReadFormAsync(HttpContext context) =>
        context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;

    /// <summary>The host's path base plus the sandbox prefix, for links and form actions on the pages.</summary>
    internal static string BasePath(HttpContext context) =>
        context.Request.PathBase + (context.GetEndpoint()?.Metadata.GetMetadata<SandboxPrefix>()?.Value ?? "");

    private static IResult PrinterPage(HttpContext context, string machineCode, SandboxAdmin admin, string? message)
    {
        if (admin.FindPrinter(machineCode) is not { } printer || admin.CurrentQrKey(machineCode) is not { } qr)
        {
            return Results.NotFound();
        }

        var jobs = admin.Jobs(machineCode);
        return new RazorComponentResult<PrinterPage>(new Dictionary<string, object?>
        {
            [nameof(Pages.PrinterPage.Base)] = BasePath(context),
            [nameof(Pages.PrinterPage.Printer)] = printer,
            [nameof(Pages.PrinterPage.QrKey)] = qr.Key,
            [nameof(Pages.PrinterPage.RotatesAt)] = qr.RotatesAt,
            [nameof(Pages.PrinterPage.QrImage)] = Rendering.QrPng.DataUri($"{printer.MachineCode},{qr.Key}"),
            [nameof(Pages.PrinterPage.Jobs)] = jobs.Take(PrinterPageReceipts).ToList(),
            [nameof(Pages.PrinterPage.TotalJobs)] = jobs.Count,
            [nameof(Pages.PrinterPage.Message)] = message,
        });
    }
}

/// <summary>Endpoint metadata: the prefix the sandbox was mapped under.</summary>
internal sealed record SandboxPrefix(string Value);
