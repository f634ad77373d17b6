using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Benchmarks;
using Portal.Data;
using Portal.Data.Entities.Printers;
using Portal.Data.Entities.Printing;
using Portal.Data.Tenancy;
using Portal.Features.Printers;
using Portal.Features.Printing;
using Portal.Infrastructure.Hosting;
using Yilianyun;
using Yilianyun.Sandbox;

// Submitting prints through the service layer (job row, events, audit, token keeper, print/index, Sent update) vs the
// same print/index calls signed by hand on a bare HttpClient, both against the sandbox on a loopback port, at the same
// concurrency. Target: the service reaches ≥ 0.5× the bare throughput. Also reports a single submission's p95.
//
// --latency adds a network delay (ms) to every print/index answer, as between a portal and the real platform.
// --breakdown instead times each step of a submission on its own (see PrintBreakdown).
//
//   dotnet run -c Release --project benchmarks/Printing [-- --prints 1000 --concurrency 8 --printers 10 --latency 0 --warm-up 3000]

var prints = BenchArgs.Int(args, "--prints", 1_000);
var concurrency = BenchArgs.Int(args, "--concurrency", 8);
var printerCount = BenchArgs.Int(args, "--printers", 10);
var latency = TimeSpan.FromMilliseconds(BenchArgs.Int(args, "--latency", 0));
var app = new ConfiguredApp("Benchmark", "1092000001", "bench-secret-0123456789abcdef", PrinterAppKind.Open, "https://portal.example/printers/connect/callback");
const string Receipt = "<FS2><center>Bench Noodles</center></FS2>\n<table><tr><td>牛肉面</td><td>x2</td><td>36.00</td></tr></table>\n<QR>https://bench.test/o/1</QR>";

var (sandbox, baseUrl) = await BenchSandbox.StartAsync(app, options => options.MaxJobsPerPrinter = 100_000);
await using var sandboxHost = sandbox;
var admin = sandbox.Services.GetRequiredService<SandboxAdmin>();
var journal = sandbox.Services.GetRequiredService<SandboxJournal>();
await using var portal = await BenchPortal.CreateAsync(baseUrl, app);
var services = portal.Services;
var tenantId = portal.TenantId;
var printers = await ConnectPrintersAsync();
if (latency > TimeSpan.Zero)
{
    sandbox.Services.GetRequiredService<SandboxFaults>().Add(new SandboxFault { Path = "print/index", Latency = latency });
}

if (args.Contains("--breakdown"))
{
    using var bareHttp = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
    var (id, machineCode, accessToken) = printers[0];
    await PrintBreakdown.RunAsync(services, tenantId, id, machineCode, () => BarePlatformCall.PostAsync(bareHttp, app, "print/index", new()
    {
        ["access_token"] = accessToken, ["machine_code"] = machineCode, ["content"] = Receipt,
        ["origin_id"] = Guid.NewGuid().ToString("N"), ["idempotence"] = "1",
    }, default), Receipt, prints);
    return;
}

Console.WriteLine($"== {prints} prints to {printers.Count} printers, concurrency {concurrency}, platform latency {latency.TotalMilliseconds:F0} ms ==");
// Warm-up, so neither side pays for first calls, JIT or connection set-up in the measured runs (tiered compilation
// goes on optimizing the portal's much longer path for thousands of submissions; --warm-up sets how many).
var warmUp = BenchArgs.Int(args, "--warm-up", 3_000);
await RunServiceAsync(warmUp);
await RunBareAsync(warmUp);
var process = Process.GetCurrentProcess();
var (cpuStart, allocatedStart) = (process.TotalProcessorTime, GC.GetTotalAllocatedBytes());
var (serviceTime, latencies) = await RunServiceAsync(prints);
process.Refresh();
var (serviceCpu, serviceAllocated) = (process.TotalProcessorTime - cpuStart, GC.GetTotalAllocatedBytes() - allocatedStart);
(cpuStart, allocatedStart) = (process.TotalProcessorTime, GC.GetTotalAllocatedBytes());
var bareTime = await RunBareAsync(prints);
process.Refresh();
var (bareCpu, bareAllocated) = (process.TotalProcessorTime - cpuStart, GC.GetTotalAllocatedBytes() - allocatedStart);

var p50 = BenchStats.Percentile(latencies, 50);
var p95 = BenchStats.Percentile(latencies, 95);
Console.WriteLine($"service: {prints} submissions in {serviceTime.TotalSeconds:F2} s ({prints / serviceTime.TotalSeconds:F0}/s); single submission p50 {p50:F1} ms, p95 {p95:F1} ms");
Console.WriteLine($"bare:    {prints} print/index calls in {bareTime.TotalSeconds:F2} s ({prints / bareTime.TotalSeconds:F0}/s)");
Console.WriteLine($"per submission: service {serviceCpu.TotalMilliseconds / prints:F2} ms CPU, {serviceAllocated / prints / 1024} KB allocated; bare {bareCpu.TotalMilliseconds / prints:F2} ms CPU, {bareAllocated / prints / 1024} KB allocated (both include the sandbox's share)");
Console.WriteLine($"throughput ratio service/bare: {bareTime / serviceTime:F2}× (target ≥ 0.5×)");

async Task<(TimeSpan Elapsed, List<double> Latencies)> RunServiceAsync(int count)
{
    var times = new ConcurrentBag<double>();
    journal.Clear();
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
    {
        await using var scope = services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<PrintJobSubmitter>();
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
        await BarePlatformCall.PostAsync(http, app, "print/index", new()
        {
            ["access_token"] = printer.AccessToken,
            ["machine_code"] = printer.MachineCode,
            ["content"] = Receipt,
            ["origin_id"] = Guid.NewGuid().ToString("N"),
            ["idempotence"] = "1",
        }, ct);
    });
    watch.Stop();
    return watch.Elapsed;
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
