using System.Diagnostics;
using Portal.Benchmarks;
using Portal.Data.Entities.Printers;
using Portal.Infrastructure.Hosting;
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
var printers = await portal.ConnectPrintersAsync(admin, printerCount, 4_500_000_000L);
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
await portal.SubmitPrintsAsync(journal, printers, warmUp, concurrency, Receipt);
await RunBareAsync(warmUp);
var service = await portal.SubmitPrintsAsync(journal, printers, prints, concurrency, Receipt);
var meter = BenchRun.Start();
await RunBareAsync(prints);
var bare = meter.Stop(prints);

var p50 = BenchStats.Percentile(service.Latencies, 50);
var p95 = BenchStats.Percentile(service.Latencies, 95);
Console.WriteLine($"service: {prints} submissions in {service.Elapsed.TotalSeconds:F2} s ({service.PerSecond:F0}/s); single submission p50 {p50:F1} ms, p95 {p95:F1} ms");
Console.WriteLine($"bare:    {prints} print/index calls in {bare.Elapsed.TotalSeconds:F2} s ({bare.PerSecond:F0}/s)");
Console.WriteLine($"per submission: service {service.CpuMsEach:F2} ms CPU, {service.AllocatedKbEach} KB allocated; bare {bare.CpuMsEach:F2} ms CPU, {bare.AllocatedKbEach} KB allocated (both include the sandbox's share)");
Console.WriteLine($"throughput ratio service/bare: {bare.Elapsed / service.Elapsed:F2}× (target ≥ 0.5×)");
Console.WriteLine("checked: every submission made one print/index call and is stored as one Sent job");

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
