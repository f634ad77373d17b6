using System.Diagnostics;
using Portal.Benchmarks;
using Portal.Data.Entities.Printers;
using Portal.Infrastructure.Hosting;

// Submitting prints through the service layer (job row, events, audit, token keeper, print/index, Sent update) vs the
// same print/index calls signed by hand on a bare HttpClient, both against the sandbox on a loopback port, at the same
// concurrency. Targets (issue 16): ≥ 0.25× the bare throughput on loopback and ≥ 0.9× at 20 ms of platform latency,
// ≤ 1.0 ms of CPU and ≤ 60 KB allocated per submission. Also reports a single submission's p95.
//
// The sandbox runs in a process of its own (BenchSandbox), as the platform does on the internet: the CPU and memory
// figures are the portal's (this process's), and the sandbox's CPU per call is reported beside them.
//
// --latency adds a network delay (ms) to every print/index answer, as between a portal and the real platform.
// --breakdown instead times each step of a submission on its own (see PrintBreakdown).
//
// --rounds N measures both sides N times, alternating which goes first; the ratio is the median of the rounds'.
// --figures adds "figure NAME VALUE" lines for benchmarks/run.sh.
//
//   dotnet run -c Release --project benchmarks/Printing [-- --prints 1000 --concurrency 8 --printers 10 --latency 0 --warm-up 3000 --rounds 1 --figures]

if (await BenchSandbox.RunIfChildAsync(args))
{
    return;
}

var prints = BenchArgs.Int(args, "--prints", 1_000);
var concurrency = BenchArgs.Int(args, "--concurrency", 8);
var printerCount = BenchArgs.Int(args, "--printers", 10);
var latency = TimeSpan.FromMilliseconds(BenchArgs.Int(args, "--latency", 0));
var app = new ConfiguredApp("Benchmark", "1092000001", "bench-secret-0123456789abcdef", PrinterAppKind.Open, "https://portal.example/printers/connect/callback");
const string Receipt = "<FS2><center>Bench Noodles</center></FS2>\n<table><tr><td>牛肉面</td><td>x2</td><td>36.00</td></tr></table>\n<QR>https://bench.test/o/1</QR>";

await using var sandbox = await BenchSandbox.StartAsync(app, maxJobsPerPrinter: 100_000);
var baseUrl = sandbox.BaseUrl;
await using var portal = await BenchPortal.CreateAsync(baseUrl, app);
var services = portal.Services;
var tenantId = portal.TenantId;
var printers = await portal.ConnectPrintersAsync(sandbox, printerCount, 4_500_000_000L);

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

var rounds = Math.Max(1, BenchArgs.Int(args, "--rounds", 1));
Console.WriteLine($"== {prints} prints to {printers.Count} printers per side and round, {rounds} round(s), concurrency {concurrency}, platform latency {latency.TotalMilliseconds:F0} ms ==");
// Warm-up, so neither side pays for first calls, JIT or connection set-up in the measured runs (tiered compilation
// goes on optimizing the portal's much longer path for thousands of submissions; --warm-up sets how many).
var warmUp = BenchArgs.Int(args, "--warm-up", 3_000);
// At loopback speed: the JIT counts calls, not seconds, so the platform latency is added after it.
// In runs of at most 5,000: the sandbox's journal, which every run is checked against, keeps the last 10,000 calls.
for (var left = warmUp; left > 0; left -= 5_000)
{
    await portal.SubmitPrintsAsync(sandbox, printers, Math.Min(left, 5_000), concurrency, Receipt);
}

await RunBareAsync(warmUp);
if (latency > TimeSpan.Zero)
{
    await sandbox.AddLatencyAsync("print/index", latency);
}

// Rounds alternate which side goes first, so a busy moment on a shared machine hurts both about equally.
var serviceRuns = new List<BenchRun>();
var bareRuns = new List<BenchRun>();
for (var round = 0; round < rounds; round++)
{
    var serviceFirst = round % 2 == 0;
    if (serviceFirst)
    {
        serviceRuns.Add(await portal.SubmitPrintsAsync(sandbox, printers, prints, concurrency, Receipt));
        bareRuns.Add(await MeasureBareAsync());
    }
    else
    {
        bareRuns.Add(await MeasureBareAsync());
        serviceRuns.Add(await portal.SubmitPrintsAsync(sandbox, printers, prints, concurrency, Receipt));
    }

    Console.WriteLine($"round {round + 1} ({(serviceFirst ? "service" : "bare")} first): service {serviceRuns[^1].PerSecond:F0}/s, bare {bareRuns[^1].PerSecond:F0}/s, "
                      + $"ratio {bareRuns[^1].Elapsed / serviceRuns[^1].Elapsed:F2}×");
}

var service = Total(serviceRuns);
var bare = Total(bareRuns);
var ratios = serviceRuns.Zip(bareRuns, (s, b) => b.Elapsed / s.Elapsed).ToList();
var ratio = BenchStats.Percentile(ratios, 50);
var p50 = BenchStats.Percentile(service.Latencies, 50);
var p95 = BenchStats.Percentile(service.Latencies, 95);
Console.WriteLine($"service: {service.Count} submissions in {service.Elapsed.TotalSeconds:F2} s ({service.PerSecond:F0}/s); single submission p50 {p50:F1} ms, p95 {p95:F1} ms");
Console.WriteLine($"bare:    {bare.Count} print/index calls in {bare.Elapsed.TotalSeconds:F2} s ({bare.PerSecond:F0}/s)");
Console.WriteLine($"per submission, this process (the portal, or the bare client): service {service.CpuMsEach:F2} ms CPU, {service.AllocatedKbEach} KB allocated; bare {bare.CpuMsEach:F2} ms CPU, {bare.AllocatedKbEach} KB allocated");
Console.WriteLine($"per submission, the sandbox's process: service {service.SandboxCpuMsEach:F2} ms CPU, bare {bare.SandboxCpuMsEach:F2} ms CPU");
Console.WriteLine($"throughput ratio service/bare: median of rounds {ratio:F2}× (spread {ratios.Min():F2}–{ratios.Max():F2}×, target {(latency > TimeSpan.Zero ? "≥ 0.9× at 20 ms" : "≥ 0.25× on loopback")})");
Console.WriteLine("checked: every submission made one print/index call and is stored as one Sent job");
if (args.Contains("--figures"))
{
    // "figure NAME VALUE" lines for benchmarks/run.sh; names end in -loopback or -20ms (the platform latency).
    var at = latency > TimeSpan.Zero ? $"-{latency.TotalMilliseconds:F0}ms" : "-loopback";
    Figure($"print-cpu-ms{at}", service.CpuMsEach);
    Figure($"print-sandbox-cpu-ms{at}", service.SandboxCpuMsEach);
    Figure($"print-alloc-kb{at}", service.Allocated / 1024.0 / service.Count);
    Figure($"print-ratio{at}", ratio);
    Figure($"print-p95-ms{at}", p95);
}

async Task<BenchRun> MeasureBareAsync()
{
    var meter = BenchRun.Start(sandbox);
    await RunBareAsync(prints);
    return meter.Stop(prints);
}

static BenchRun Total(List<BenchRun> runs) => new(runs.Sum(r => r.Count), runs.Aggregate(TimeSpan.Zero, (t, r) => t + r.Elapsed),
    runs.Aggregate(TimeSpan.Zero, (t, r) => t + r.Cpu), runs.Sum(r => r.Allocated), [.. runs.SelectMany(r => r.Latencies)],
    runs.Aggregate(TimeSpan.Zero, (t, r) => t + r.SandboxCpu));

static void Figure(string name, double value) => Console.WriteLine($"figure {name} {value.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)}");

async Task<TimeSpan> RunBareAsync(int count)
{
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };
    await sandbox.ClearJournalAsync();
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
