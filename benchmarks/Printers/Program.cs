using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Benchmarks;
using Portal.Data.Entities;
using Portal.Data.Entities.Printers;
using Portal.Data.Tenancy;
using Portal.Features.Printers;
using Portal.Infrastructure.Hosting;
using Yilianyun.Sandbox;

// 1. The printer list's first page with 1,000 vs 100,000 printers in one tenant (target: within 1.5×).
// 2. A refresher sweep of 10,000 due tokens against the sandbox on a loopback port vs bare HttpClient refresh calls
//    at the same concurrency (target: ≥ 0.5× the bare throughput), with no token refreshed twice.
//    Both sides are warmed up on 1,000 other printers first. --latency adds a network delay (ms) to every token answer,
//    as between a portal and the real platform.
//
//   dotnet run -c Release --project benchmarks/Printers [-- --tokens 10000 --concurrency 8 --latency 0]   (at most 10,000 tokens: one sweep's batch)

var tokens = BenchArgs.Int(args, "--tokens", 10_000);
var concurrency = BenchArgs.Int(args, "--concurrency", 8);
var latency = TimeSpan.FromMilliseconds(BenchArgs.Int(args, "--latency", 0));
var app = new ConfiguredApp("Benchmark", "1091000001", "bench-secret-0123456789abcdef", PrinterAppKind.Open, "https://portal.example/printers/connect/callback");

var (sandbox, baseUrl) = await BenchSandbox.StartAsync(app);
await using var sandboxHost = sandbox;
var refresherSettings = new Dictionary<string, string?>
{
    ["Yilianyun:Refresher:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
    ["Yilianyun:Refresher:BatchSize"] = Math.Clamp(tokens, 1_000, 10_000).ToString(CultureInfo.InvariantCulture),
};

// --sweep-only leaves out the list measurement (it seeds 101,000 rows), e.g. to profile the sweep on its own.
if (!args.Contains("--sweep-only"))
{
    Console.WriteLine("== Printer list, first page (25 rows, sorted by name) ==");
    var small = await MeasureListAsync(1_000);
    var large = await MeasureListAsync(100_000);
    Console.WriteLine($"1k: {small:F2} ms, 100k: {large:F2} ms, ratio {large / small:F2}× (target ≤ 1.5×)");
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
    var admin = sandbox.Services.GetRequiredService<SandboxAdmin>();
    var journal = sandbox.Services.GetRequiredService<SandboxJournal>();
    var secrets = host.Services.GetRequiredService<PrinterSecrets>();
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };

    // Warm-up on other printers, so neither side pays for first calls, JIT or connection set-up in the measured runs.
    var warmUp = await SeedDueAsync(BenchArgs.Int(args, "--warm-up", 5_000), 4_180_000_000L);
    await host.SweepAsync(journal, warmUp);
    await RefreshBareAsync(await CurrentRefreshTokensAsync(warmUp));

    var measured = await SeedDueAsync(tokens, 4_200_000_000L);
    if (latency > TimeSpan.Zero)
    {
        sandbox.Services.GetRequiredService<SandboxFaults>().Add(new SandboxFault { Path = "oauth/oauth", Latency = latency });
    }

    // Checks that every due token was refreshed exactly once (BenchPortal.SweepAsync).
    var sweep = await host.SweepAsync(journal, measured);

    // Baseline: the same number of refresh_token grants, signed by hand, on a bare HttpClient at the same concurrency.
    var currentRefreshTokens = await CurrentRefreshTokensAsync(measured);
    journal.Clear();
    var meter = BenchRun.Start();
    await RefreshBareAsync(currentRefreshTokens);
    var bare = meter.Stop(tokens);

    Console.WriteLine($"sweep: {tokens} due, all refreshed once, {sweep.Elapsed.TotalSeconds:F2} s ({sweep.PerSecond:F0}/s), cpu {sweep.CpuMsEach:F2} ms per token");
    Console.WriteLine($"bare:  {tokens} refreshes, {bare.Elapsed.TotalSeconds:F2} s ({bare.PerSecond:F0}/s), cpu {bare.CpuMsEach:F2} ms per token");
    Console.WriteLine($"throughput ratio sweep/bare: {bare.Elapsed / sweep.Elapsed:F2}× (target ≥ 0.5×)");
    Console.WriteLine("upstream refresh requests during the sweep and Refreshed events: one per token, no duplicates (checked)");

    // Sandbox printers authorized by msign, stored as the company's printers with their refresh due now.
    async Task<HashSet<Guid>> SeedDueAsync(int count, long firstMachineCode) =>
        (await host.ConnectPrintersAsync(admin, count, firstMachineCode, due: true, concurrency)).Select(p => p.Id).ToHashSet();

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
