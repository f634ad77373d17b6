using Yilianyun.Sandbox;

// The emulated 易联云 platform on its own address: the v1 API at the root, v2 under /v2, the consent page at
// /oauth/authorize, the console at /admin (register apps and printers there or under Yilianyun:Sandbox in settings).
// It listens on loopback unless told otherwise, as its console shows every app's secrets and every receipt.
var builder = WebApplication.CreateBuilder(args);
var section = builder.Configuration.GetSection("Yilianyun:Sandbox");
builder.Services.AddYilianyunSandbox(section);
builder.Services.PostConfigure<SandboxOptions>(options => options.StateFile ??= Path.Combine(
    Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create),
    "yilianyun-sandbox", "sandbox.json"));
builder.WebHost.UseUrls(section["Url"] is { Length: > 0 } url ? url : "http://127.0.0.1:5090");

var app = builder.Build();
app.MapYilianyunSandbox("/");
app.Run();
