using Portal.Components;
using Portal.Hosting;
using Portal.OpenApi;
using Portal.Services.Audit;

var builder = WebApplication.CreateBuilder(args);
PortalTimeZone.Apply(builder.Configuration);

builder.AddPortalStorage();
builder.AddPortalIdentity();
builder.AddPortalEmail();
builder.AddPortalUi();
builder.Services.AddPortalServices();
builder.Services.AddPortalOpenApi();
builder.AddYilianyun();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

app.UsePortalSecurityHeaders();
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseRequestLocalization();
app.UseAntiforgery();

app.MapStaticAssets();
// SecurityHeaders already forbids framing on every answer; Blazor would add a second, looser policy.
app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
app.MapAdditionalIdentityEndpoints();
app.MapPreferenceEndpoints();
app.MapPortalOpenApi();
app.MapPrintingEndpoints();
app.MapAuditExport();

await app.MigratePortalDatabaseAsync();
await app.MapYilianyunAsync();
app.Run();

/// <summary>Visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
