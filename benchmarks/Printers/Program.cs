using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Benchmarks;
using Portal.Data.Entities;
using Portal.Data.Entities.Printers;
using Portal.Data.Tenancy;
using Portal.Features.Printers;
using Portal.Infrastructure.Hosting;

// 1. The printer list's first page with 1,000 vs 100,000 printers in one tenant (target: within 1.5×).
// 2. A refresher sweep of 10,000 due tokens against the sandbox on a loopback port vs bare HttpClient refresh calls
//    at the same concurrency (target: ≥ 0.5× the bare throughput), with no token refreshed twice.
//    Both sides are warmed up on 5,000 other printers first. --latency adds a network delay (ms) to every token answer,
//    as between a portal and the real platform. --rounds N measures the sweep N times, alternating which side goes first.
//
//    The sandbox runs in a process of its own (BenchSandbox): the CPU per token is the portal's, the sandbox's beside it.
//
//   dotnet run -c Release --project benchmarks/Printers [-- --tokens 10000 --concurrency 8 --latency 0 --rounds 1 --figures]   (at most 10,000 tokens: one sweep's batch)

if (await BenchSandbox.RunIfChildAsync(args))
{
    return;
}

var tokens = BenchArgs.Int(args, "--tokens", 10_000);
var concurrency = BenchArgs.Int(args, "--concurrency", 8);
var latency = TimeSpan.FromMilliseconds(BenchArgs.Int(args, "--latency", 0));
// --figures adds "figure NAME VALUE" lines for benchmarks/run.sh (sweep figures end in -loopback or -20ms).
var figures = args.Contains("--figures");
var app = new ConfiguredApp("Benchmark", "1091000001", "bench-secret-0123456789abcdef", PrinterAppKind.Open, "https://portal.example/printers/connect/callback");

await using var sandbox = await BenchSandbox.StartAsync(app);
var baseUrl = sandbox.BaseUrl;
var warmUpTokens = BenchArgs.Int(args, "--warm-up", 5_000);
var refresherSettings = new Dictionary<string, string?>
{
    ["Yilianyun:Refresher:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
    // One sweep must take all of the warm-up's tokens as well as a round's.
    ["Yilianyun:Refresher:BatchSize"] = Math.Clamp(Math.Max(tokens, warmUpTokens), 1_000, 10_000).ToString(CultureInfo.InvariantCulture),
};

// --sweep-only leaves out the list measurement (it seeds 101,000 rows), e.g. to profile the sweep on its own.
if (!args.Contains("--sweep-only"))
{
    Console.WriteLine("== Printer list, first page (25 rows, sorted by name) ==");
    var small = await MeasureListAsync(1_000);
    var large = await MeasureListAsync(100_000);
    Console.WriteLine($"1k: {small:F2} ms, 100k: {large:F2} ms, ratio {large / small:F2}× (target ≤ 1.5×)");
    if (figures)
    {
        Figure("list-100k-vs-1k", large / small);
    }
}

Console.WriteLine($"== Refresh sweep of {tokens} due tokens, concurrency {concurrency}, platform latency {latency.TotalMilliseconds:F0} ms ==");
await MeasureSweepAsync();

async Task<double> MeasureListAsync(int count)
{
    await using var host = await BenchPortal.CreateAsync(baseUrl, app, refresherSettings);
    var tenantId = host.TenantId;
    var appRow = await host.AppAsync();
    var now = DateTimeOffset.UtcNow;
    for (var start = 0; start < count; start += 5_000)
    {
        await using var db = await host.DbFactory.CreateForTenantAsync(tenantId);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = start; i < Math.Min(count, start + 5_000); i++)
        {
            db.Printers.Add(new Printer
            {
                Id = Guid.CreateVersion7(),
                AppId = appRow.Id,
                MachineCode = (4_100_000_000L + i).ToString(CultureInfo.InvariantCulture),
                Name = $"Printer {Random.Shared.Next(1_000_000):D6}",
                TokenState = (PrinterTokenState)(i % 7 == 0 ? 1 : 0),
                AccessExpiresAt = now.AddMinutes(Random.Shared.Next(30 * 24 * 60)),
                Version = Guid.NewGuid(),
                CreatedAt = now,
            });
        }

        await db.SaveChangesAsync();
    }

    var times = new List<double>();
    for (var i = 0; i < 80; i++)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<PrinterQueries>();
        var watch = Stopwatch.StartNew();
        var page = await service.ListAsync(new PrinterListQuery());
        watch.Stop();
        if (page.Value?.Items.Count != 25)
        {
            throw new InvalidOperationException(page.Error ?? "The first page did not hold 25 rows.");
        }

        if (i >= 20)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    return BenchStats.Percentile(times, 50);
}

async Task MeasureSweepAsync()
{
    await using var host = await BenchPortal.CreateAsync(baseUrl, app, refresherSettings);
    var tenantId = host.TenantId;
    var secrets = host.Services.GetRequiredService<PrinterSecrets>();
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };

    // Warm-up on other printers, so neither side pays for first calls, JIT or connection set-up in the measured runs.
    // Several sweeps over them: tiered compilation goes on optimizing the sweep's path for thousands of tokens (with
    // one sweep of 5,000 the measured rounds still fell from 0.78 to 0.44 ms of CPU per token).
    var warmUp = await SeedAsync(warmUpTokens, 4_180_000_000L, due: true);
    for (var warmUpSweep = 0; warmUpSweep < BenchArgs.Int(args, "--warm-up-sweeps", 4); warmUpSweep++)
    {
        await host.MakeDueAsync(warmUp);
        await host.SweepAsync(sandbox, warmUp);
    }

    await RefreshBareAsync(await CurrentRefreshTokensAsync(warmUp));

    // Every round gets printers of its own for each side, all connected before the latency is added (msign goes
    // through oauth/oauth too). A sweep's printers are made due just before it; the bare side refreshes the tokens
    // stored for its own printers, so neither side can spoil the other's tokens whichever goes first.
    var rounds = Math.Max(1, BenchArgs.Int(args, "--rounds", 1));
    var sweepSets = new List<HashSet<Guid>>();
    var bareSets = new List<HashSet<Guid>>();
    for (var round = 0; round < rounds; round++)
    {
        sweepSets.Add(await SeedAsync(tokens, 4_200_000_000L + 2L * round * tokens, due: false));
        bareSets.Add(await SeedAsync(tokens, 4_200_000_000L + (2L * round + 1) * tokens, due: false));
    }

    if (latency > TimeSpan.Zero)
    {
        await sandbox.AddLatencyAsync("oauth/oauth", latency);
    }

    // Rounds alternate which side goes first, so a busy moment on a shared machine hurts both about equally.
    var sweeps = new List<BenchRun>();
    var bares = new List<BenchRun>();
    for (var round = 0; round < rounds; round++)
    {
        var sweepFirst = round % 2 == 0;
        if (sweepFirst)
        {
            sweeps.Add(await SweepRoundAsync(sweepSets[round]));
            bares.Add(await BareRoundAsync(bareSets[round]));
        }
        else
        {
            bares.Add(await BareRoundAsync(bareSets[round]));
            sweeps.Add(await SweepRoundAsync(sweepSets[round]));
        }

        Console.WriteLine($"round {round + 1} ({(sweepFirst ? "sweep" : "bare")} first): sweep {sweeps[^1].PerSecond:F0}/s, {sweeps[^1].CpuMsEach:F2} ms CPU per token; "
                          + $"bare {bares[^1].PerSecond:F0}/s, {bares[^1].CpuMsEach:F2} ms CPU per token; ratio {bares[^1].Elapsed / sweeps[^1].Elapsed:F2}×");
    }

    var sweep = new BenchRun(sweeps.Sum(r => r.Count), Sum(sweeps, r => r.Elapsed), Sum(sweeps, r => r.Cpu), sweeps.Sum(r => r.Allocated), [], Sum(sweeps, r => r.SandboxCpu));
    var bare = new BenchRun(bares.Sum(r => r.Count), Sum(bares, r => r.Elapsed), Sum(bares, r => r.Cpu), bares.Sum(r => r.Allocated), [], Sum(bares, r => r.SandboxCpu));
    var ratios = sweeps.Zip(bares, (s, b) => b.Elapsed / s.Elapsed).ToList();
    Console.WriteLine($"sweep: {sweep.Count} due over {rounds} round(s), all refreshed once, {sweep.Elapsed.TotalSeconds:F2} s ({sweep.PerSecond:F0}/s), cpu {sweep.CpuMsEach:F2} ms per token (the sandbox's {sweep.SandboxCpuMsEach:F2})");
    Console.WriteLine($"bare:  {bare.Count} refreshes, {bare.Elapsed.TotalSeconds:F2} s ({bare.PerSecond:F0}/s), cpu {bare.CpuMsEach:F2} ms per token (the sandbox's {bare.SandboxCpuMsEach:F2})");
    Console.WriteLine($"throughput ratio sweep/bare: median of rounds {BenchStats.Percentile(ratios, 50):F2}× (spread {ratios.Min():F2}–{ratios.Max():F2}×, target ≥ 0.5×)");
    Console.WriteLine("upstream refresh requests during the sweep and Refreshed events: one per token, no duplicates (checked)");
    if (figures)
    {
        var at = latency > TimeSpan.Zero ? $"-{latency.TotalMilliseconds:F0}ms" : "-loopback";
        Figure($"sweep-cpu-ms{at}", sweep.CpuMsEach);
        Figure($"sweep-sandbox-cpu-ms{at}", sweep.SandboxCpuMsEach);
        Figure($"sweep-ratio{at}", BenchStats.Percentile(ratios, 50));
    }

    // Checks that every due token was refreshed exactly once (BenchPortal.SweepAsync).
    async Task<BenchRun> SweepRoundAsync(HashSet<Guid> ids)
    {
        await host.MakeDueAsync(ids);
        return await host.SweepAsync(sandbox, ids);
    }

    // Baseline: the same number of refresh_token grants, signed by hand, on a bare HttpClient at the same concurrency.
    async Task<BenchRun> BareRoundAsync(HashSet<Guid> ids)
    {
        var refreshTokens = await CurrentRefreshTokensAsync(ids);
        await sandbox.ClearJournalAsync();
        var meter = BenchRun.Start(sandbox);
        await RefreshBareAsync(refreshTokens);
        return meter.Stop(ids.Count);
    }

    async Task<HashSet<Guid>> SeedAsync(int count, long firstMachineCode, bool due) =>
        (await host.ConnectPrintersAsync(sandbox, count, firstMachineCode, due, concurrency)).Select(p => p.Id).ToHashSet();

    async Task<List<string>> CurrentRefreshTokensAsync(HashSet<Guid> ids)
    {
        await using var db = await host.DbFactory.CreateForTenantAsync(tenantId);
        var stored = await db.Printers.Where(p => ids.Contains(p.Id)).Select(p => p.ProtectedRefreshToken!).ToListAsync();
        return stored.Select(secrets.UnprotectRefreshToken).ToList();
    }

    Task RefreshBareAsync(List<string> refreshTokens) =>
        Parallel.ForEachAsync(refreshTokens, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, (refreshToken, ct) =>
            new ValueTask(BarePlatformCall.PostAsync(http, app, "oauth/oauth", new()
            {
                ["grant_type"] = "refresh_token",
                ["scope"] = "all",
                ["refresh_token"] = refreshToken,
            }, ct)));
}

static TimeSpan Sum(IEnumerable<BenchRun> runs, Func<BenchRun, TimeSpan> pick) => runs.Aggregate(TimeSpan.Zero, (total, run) => total + pick(run));

static void Figure(string name, double value) => Console.WriteLine($"figure {name} {value.ToString("F2", CultureInfo.InvariantCulture)}");
