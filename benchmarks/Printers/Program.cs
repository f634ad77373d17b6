using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Benchmarks;
using Portal.Data.Entities;
using Portal.Data.Entities.Printers;
using Portal.Data.Tenancy;
using Portal.Features.Printers;
using Portal.Infrastructure.Hosting;
using Yilianyun;
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
    var appRow = await host.AppAsync();
    var admin = sandbox.Services.GetRequiredService<SandboxAdmin>();
    var journal = sandbox.Services.GetRequiredService<SandboxJournal>();
    var client = host.Services.GetRequiredService<IYilianyunClientFactory>().Create(new YilianyunCredentials(app.ClientId, app.ClientSecret, YilianyunAppType.Open));
    var refresher = host.Services.GetRequiredService<PrinterRefresher>();
    var secrets = host.Services.GetRequiredService<PrinterSecrets>();
    using var http = new HttpClient { BaseAddress = new Uri(baseUrl + "/") };

    // Warm-up on other printers, so neither side pays for first calls, JIT or connection set-up in the measured runs.
    var warmUp = await SeedDueAsync(BenchArgs.Int(args, "--warm-up", 5_000), 4_180_000_000L);
    await refresher.SweepOnceAsync();
    await RefreshBareAsync(await CurrentRefreshTokensAsync(warmUp));

    var measured = await SeedDueAsync(tokens, 4_200_000_000L);
    if (latency > TimeSpan.Zero)
    {
        sandbox.Services.GetRequiredService<SandboxFaults>().Add(new SandboxFault { Path = "oauth/oauth", Latency = latency });
    }

    var process = Process.GetCurrentProcess();
    journal.Clear();
    var cpuBefore = process.TotalProcessorTime;
    var sweepWatch = Stopwatch.StartNew();
    var sweep = await refresher.SweepOnceAsync();
    sweepWatch.Stop();
    process.Refresh();
    var sweepCpu = process.TotalProcessorTime - cpuBefore;
    var sweepRequests = journal.Entries.Count(e => e.GrantType == "refresh_token");
    int refreshedEvents;
    await using (var db = await host.DbFactory.CreateForTenantAsync(tenantId))
    {
        refreshedEvents = await db.PrinterTokenEvents.CountAsync(e => e.Kind == PrinterTokenEventKind.Refreshed && measured.Contains(e.PrinterId));
    }

    // Baseline: the same number of refresh_token grants, signed by hand, on a bare HttpClient at the same concurrency.
    var currentRefreshTokens = await CurrentRefreshTokensAsync(measured);
    journal.Clear();
    cpuBefore = process.TotalProcessorTime;
    var bareWatch = Stopwatch.StartNew();
    await RefreshBareAsync(currentRefreshTokens);
    bareWatch.Stop();
    process.Refresh();
    var bareCpu = process.TotalProcessorTime - cpuBefore;

    Console.WriteLine($"sweep: {sweep.Due} due, {string.Join(", ", sweep.Outcomes.Select(o => $"{o.Key}={o.Value}"))}, {sweepWatch.Elapsed.TotalSeconds:F2} s ({tokens / sweepWatch.Elapsed.TotalSeconds:F0}/s), cpu {sweepCpu.TotalMilliseconds / tokens:F2} ms per token");
    Console.WriteLine($"bare:  {tokens} refreshes, {bareWatch.Elapsed.TotalSeconds:F2} s ({tokens / bareWatch.Elapsed.TotalSeconds:F0}/s), cpu {bareCpu.TotalMilliseconds / tokens:F2} ms per token");
    Console.WriteLine($"throughput ratio sweep/bare: {bareWatch.Elapsed / sweepWatch.Elapsed:F2}× (target ≥ 0.5×)");
    Console.WriteLine($"upstream refresh requests during the sweep: {sweepRequests}, refreshed events: {refreshedEvents}, duplicates: {sweepRequests - refreshedEvents}");

    // Sandbox printers authorized by msign, stored as the company's printers with their refresh due now.
    async Task<HashSet<Guid>> SeedDueAsync(int count, long firstMachineCode)
    {
        var grants = new System.Collections.Concurrent.ConcurrentBag<AccessTokenGrant>();
        var devices = Enumerable.Range(0, count)
            .Select(i => admin.CreatePrinter(new SandboxPrinterOptions { MachineCode = (firstMachineCode + i).ToString(CultureInfo.InvariantCulture) })
                         ?? throw new InvalidOperationException("The sandbox refused a printer."))
            .ToList();
        await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (device, ct) => grants.Add(await client.AuthorizeByMsignAsync(device.MachineCode, device.Msign, ct)));
        await using var scope = host.Services.CreateAsyncScope();
        var keeper = scope.ServiceProvider.GetRequiredService<PrinterTokenKeeper>();
        await using var db = await host.DbFactory.CreateForTenantAsync(tenantId);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var ids = new HashSet<Guid>();
        foreach (var grant in grants)
        {
            var printer = new Printer { Id = Guid.CreateVersion7(), AppId = appRow.Id, MachineCode = grant.MachineCode, Name = grant.MachineCode, CreatedAt = DateTimeOffset.UtcNow };
            keeper.ApplyGrant(printer, grant);
            printer.NextRefreshAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            db.Printers.Add(printer);
            ids.Add(printer.Id);
        }

        await db.SaveChangesAsync();
        return ids;
    }

    async Task<List<string>> CurrentRefreshTokensAsync(HashSet<Guid> ids)
    {
        await using var db = await host.DbFactory.CreateForTenantAsync(tenantId);
        var stored = await db.Printers.Where(p => ids.Contains(p.Id)).Select(p => p.ProtectedRefreshToken!).ToListAsync();
        return stored.Select(secrets.UnprotectToken).ToList();
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
