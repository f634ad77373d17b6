using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Entities.Printers;
using Portal.Data.Entities.Printing;
using Portal.Data.Tenancy;
using Portal.Hosting;
using Portal.Localization;
using Portal.Services.Printers;
using Portal.Services.Printing;
using Yilianyun;
using Yilianyun.Sandbox;

// Submitting prints through the service layer (job row, events, audit, token keeper, print/index, Sent update) vs the
// same print/index calls signed by hand on a bare HttpClient, both against the sandbox on a loopback port, at the same
// concurrency. Target: the service reaches ≥ 0.5× the bare throughput. Also reports a single submission's p95.
//
//   dotnet run -c Release --project benchmarks/Printing [-- --prints 1000 --concurrency 8 --printers 10]

var prints = IntOption("--prints", 1_000);
var concurrency = IntOption("--concurrency", 8);
var printerCount = IntOption("--printers", 10);
var app = new ConfiguredApp("Benchmark", "1092000001", "bench-secret-0123456789abcdef", PrinterAppKind.Open, "https://portal.example/printers/connect/callback");
const string Receipt = "<FS2><center>Bench Noodles</center></FS2>\n<table><tr><td>牛肉面</td><td>x2</td><td>36.00</td></tr></table>\n<QR>https://bench.test/o/1</QR>";

await using var sandbox = await StartSandboxAsync(app);
var baseUrl = sandbox.Urls.First().TrimEnd('/') + "/sandbox";
var admin = sandbox.Services.GetRequiredService<SandboxAdmin>();
var journal = sandbox.Services.GetRequiredService<SandboxJournal>();

var folder = Path.Combine(Path.GetTempPath(), "portal-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(folder);
await using var services = BenchPortal.Build(folder, baseUrl, app);
await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
{
    await db.Database.MigrateAsync();
}

await using (var scope = services.CreateAsyncScope())
{
    await scope.ServiceProvider.GetRequiredService<PrinterAppRegistry>().SyncConfiguredAppsAsync();
}

var (userId, tenantId) = await SeedCompanyAsync();
services.GetRequiredService<SignedIn>().UserId = userId;
var printers = await ConnectPrintersAsync();

Console.WriteLine($"== {prints} prints to {printers.Count} printers, concurrency {concurrency} ==");
await RunServiceAsync(concurrency * 4);
var (serviceTime, latencies) = await RunServiceAsync(prints);
var bareTime = await RunBareAsync(prints);

latencies.Sort();
var p50 = latencies[latencies.Count / 2];
var p95 = latencies[(int)Math.Ceiling(latencies.Count * 0.95) - 1];
Console.WriteLine($"service: {prints} submissions in {serviceTime.TotalSeconds:F2} s ({prints / serviceTime.TotalSeconds:F0}/s); single submission p50 {p50:F1} ms, p95 {p95:F1} ms");
Console.WriteLine($"bare:    {prints} print/index calls in {bareTime.TotalSeconds:F2} s ({prints / bareTime.TotalSeconds:F0}/s)");
Console.WriteLine($"throughput ratio service/bare: {bareTime / serviceTime:F2}× (target ≥ 0.5×)");

async Task<(TimeSpan Elapsed, List<double> Latencies)> RunServiceAsync(int count)
{
    var times = new ConcurrentBag<double>();
    journal.Clear();
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
    {
        await using var scope = services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<PrintJobService>();
        var single = Stopwatch.StartNew();
        var result = await jobs.SubmitAsync(new PrintRequest([printers[i % printers.Count].Id], PrintJobKind.Text, Receipt), ct);
        single.Stop();
        if (result.Value?.Items.Single().State != PrintJobState.Sent)
        {
            throw new InvalidOperationException(result.Error ?? result.Value?.Items.Single().Message ?? "A print was not sent.");
        }

        times.Add(single.Elapsed.TotalMilliseconds);
    });
    watch.Stop();
    var upstream = journal.Entries.Count(e => e.Path.EndsWith("print/index", StringComparison.Ordinal));
    if (upstream != count)
    {
        throw new InvalidOperationException($"{count} submissions made {upstream} print/index calls.");
    }

    return (watch.Elapsed, [.. times]);
}

async Task<TimeSpan> RunBareAsync(int count)
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
    journal.Clear();
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
    {
        var printer = printers[i % printers.Count];
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var response = await http.PostAsync("print/index", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = app.ClientId,
            ["access_token"] = printer.AccessToken,
            ["machine_code"] = printer.MachineCode,
            ["content"] = Receipt,
            ["origin_id"] = Guid.NewGuid().ToString("N"),
            ["idempotence"] = "1",
            ["timestamp"] = timestamp,
            ["id"] = Guid.NewGuid().ToString(),
            ["sign"] = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(app.ClientId + timestamp + app.ClientSecret))),
        }), ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!body.Contains("\"error\":\"0\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("A bare print failed: " + body[..Math.Min(body.Length, 120)]);
        }
    });
    watch.Stop();
    return watch.Elapsed;
}

async Task<(string UserId, Guid TenantId)> SeedCompanyAsync()
{
    var now = DateTimeOffset.UtcNow;
    var user = new PortalUser { UserName = "bench@portal.test", NormalizedUserName = "BENCH@PORTAL.TEST", Email = "bench@portal.test", NormalizedEmail = "BENCH@PORTAL.TEST", EmailConfirmed = true, CreatedAt = now, SecurityStamp = Guid.NewGuid().ToString() };
    var tenant = new Tenant { Id = Guid.CreateVersion7(), CompanyName = "Bench Noodles", NormalizedName = "BENCH NOODLES", CreatedAt = now };
    var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
    await using (var db = await factory.CreateDbContextAsync())
    {
        db.Users.Add(user);
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
    }

    await using (var db = await factory.CreateForTenantAsync(tenant.Id))
    {
        db.Memberships.Add(new Membership { TenantId = tenant.Id, UserId = user.Id, Role = TenantRole.Owner, JoinedAt = now });
        await db.SaveChangesAsync();
    }

    return (user.Id, tenant.Id);
}

/// <summary>Sandbox printers authorized by msign and stored as the company's printers; their access tokens for the bare run.</summary>
async Task<List<(Guid Id, string MachineCode, string AccessToken)>> ConnectPrintersAsync()
{
    var client = services.GetRequiredService<IYilianyunClientFactory>().Create(new YilianyunCredentials(app.ClientId, app.ClientSecret, YilianyunAppType.Open));
    var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
    await using var scope = services.CreateAsyncScope();
    var keeper = scope.ServiceProvider.GetRequiredService<PrinterTokenKeeper>();
    await using var db = await factory.CreateForTenantAsync(tenantId);
    var appId = (await db.PrinterApps.AsNoTracking().SingleAsync()).Id;
    var connected = new List<(Guid, string, string)>();
    for (var i = 0; i < printerCount; i++)
    {
        var device = admin.CreatePrinter(new SandboxPrinterOptions()) ?? throw new InvalidOperationException("The sandbox refused a printer.");
        var grant = await client.AuthorizeByMsignAsync(device.MachineCode, device.Msign);
        var printer = new Printer { Id = Guid.CreateVersion7(), AppId = appId, MachineCode = device.MachineCode, Name = $"Bench {i + 1}", CreatedAt = DateTimeOffset.UtcNow };
        keeper.ApplyGrant(printer, grant);
        db.Printers.Add(printer);
        connected.Add((printer.Id, device.MachineCode, grant.AccessToken));
    }

    await db.SaveChangesAsync();
    return connected;
}

static async Task<WebApplication> StartSandboxAsync(ConfiguredApp app)
{
    var builder = WebApplication.CreateBuilder();
    builder.WebHost.UseUrls("http://127.0.0.1:0");
    builder.Logging.ClearProviders();
    builder.Services.AddYilianyunSandbox(options =>
    {
        options.Apps.Add(new SandboxAppOptions { Name = app.Name, ClientId = app.ClientId, ClientSecret = app.ClientSecret, Type = SandboxAppType.Open, RedirectUri = app.RedirectUri });
        // Nothing prints during the run, so neither side pays for pushes.
        options.PrintDelay = TimeSpan.FromHours(1);
        options.MaxJobsPerPrinter = 100_000;
    });
    var web = builder.Build();
    web.MapYilianyunSandbox("/sandbox");
    await web.StartAsync();
    return web;
}

int IntOption(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
