using Portal.Components;
using Portal.Features.Audit;
using Portal.Features.OpenApi;
using Portal.Features.Printing;
using Portal.Infrastructure.Hosting;
using Portal.Infrastructure.Time;

var builder = WebApplication.CreateBuilder(PortalContentRoot.Options(args));
PortalTimeZone.Apply(builder.Configuration);

builder.AddPortalStorage();
builder.AddPortalEdge();
builder.AddPortalIdentity();
builder.AddPortalEmail();
builder.AddPortalUi();
builder.Services.AddPortalServices();
builder.Services.AddPortalOpenApi();
builder.AddYilianyun();

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
app.UseDeveloperToolsGate();
app.UseAntiforgery();

app.MapStaticAssets();
// SecurityHeaders already forbids framing on every answer; Blazor would add a second, looser policy.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
app.MapAdditionalIdentityEndpoints();
app.MapPreferenceEndpoints();
app.MapPortalOpenApi();
app.MapPrintingEndpoints();
app.MapAuditExport();
app.MapPortalHealth();

await app.MigratePortalDatabaseAsync();
await app.MapYilianyunAsync();
await app.RunAsync();
return 0;

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
