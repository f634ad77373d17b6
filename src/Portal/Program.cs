using Portal.Components;
using Portal.Features.Account;
using Portal.Features.Audit;
using Portal.Features.Callbacks;
using Portal.Features.Companies;
using Portal.Features.Dashboard;
using Portal.Features.OpenApi;
using Portal.Features.PrintApi;
using Portal.Features.Printers;
using Portal.Features.Printing;
using Portal.Features.Webhooks;
using Portal.Infrastructure.Time;

var builder = WebApplication.CreateBuilder(PortalContentRoot.Options(args));
PortalTimeZone.Apply(builder.Configuration);

builder.AddPortalStorage().AddPortalEdge().AddPortalIdentity().AddPortalEmail().AddPortalUi().AddPortalTelemetry();
builder.Services.AddPortalCore();
builder.AddPlatform();
builder.Services.AddAccount().AddCompanies().AddDashboard().AddAudit().AddPortalOpenApi();
builder.Services.AddPrinters().AddCallbacks().AddPrinting().AddPrintApi().AddWebhooks();

var app = builder.Build();
if (!StartupSettings.AreValid(app))
{
    return 1;
}

app.UsePortalEdge();
app.UsePortalSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRequestLocalization();
app.UseAuthentication();
app.UseAuthorization();
// After authorization: the print API's limit is per key, known once its caller is.
app.UseRateLimiter();
app.UseDeveloperToolsGate();
app.UseAntiforgery();

app.MapStaticAssets();
// SecurityHeaders already forbids framing on every answer; Blazor would add a second, looser policy.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
app.MapPreferenceEndpoints().MapPortalHealth().MapPlatform();
app.MapAccount().MapPortalOpenApi().MapPrinting().MapAudit().MapCallbacks().MapPrintApi();

if (await app.PrepareDatabaseAsync() is { } exitCode)
{
    return exitCode;
}

await app.MapPrintersAsync();
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
