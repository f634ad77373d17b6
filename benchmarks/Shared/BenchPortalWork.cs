using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities.Printers;
using Portal.Data.Entities.Printing;
using Portal.Data.Tenancy;
using Portal.Features.Printers;
using Portal.Features.Printing;
using Yilianyun;
using Yilianyun.Sandbox;

namespace Portal.Benchmarks;

/// <summary>A sandbox printer stored as one of the company's printers, with its access token for bare calls.</summary>
internal sealed record BenchPrinter(Guid Id, string MachineCode, string AccessToken);

/// <summary>
/// How long a measured run took, and the CPU time and memory this process used meanwhile (the portal's and its HTTP
/// client's; a PostgreSQL server's not), with the CPU the sandbox's process used meanwhile when it was measured too;
/// with the latency of each operation where they are timed one by one.
/// </summary>
internal sealed record BenchRun(int Count, TimeSpan Elapsed, TimeSpan Cpu, long Allocated, IReadOnlyList<double> Latencies, TimeSpan SandboxCpu = default)
{
    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double CpuMsEach => Cpu.TotalMilliseconds / Count;

    public double SandboxCpuMsEach => SandboxCpu.TotalMilliseconds / Count;

    public long AllocatedKbEach => Allocated / Count / 1024;

    /// <summary>Starts measuring (the sandbox's process too, when given); <see cref="Meter.Stop"/> makes the run.</summary>
    public static Meter Start(BenchSandbox? sandbox = null) => new(sandbox);

    internal sealed class Meter
    {
        private readonly Process _process = Process.GetCurrentProcess();
        private readonly BenchSandbox? _sandbox;
        private readonly TimeSpan _cpu;
        private readonly TimeSpan _sandboxCpu;
        private readonly long _allocated = GC.GetTotalAllocatedBytes();
        private readonly Stopwatch _watch;

        public Meter(BenchSandbox? sandbox)
        {
            _sandbox = sandbox;
            _sandboxCpu = sandbox?.Cpu ?? default;
            _cpu = _process.TotalProcessorTime;
            _watch = Stopwatch.StartNew();
        }

        public BenchRun Stop(int count, IReadOnlyList<double>? latencies = null)
        {
            _watch.Stop();
            _process.Refresh();
            var cpu = _process.TotalProcessorTime - _cpu;
            return new BenchRun(count, _watch.Elapsed, cpu, GC.GetTotalAllocatedBytes() - _allocated, latencies ?? [],
                _sandbox is null ? default : _sandbox.Cpu - _sandboxCpu);
        }
    }
}

/// <summary>The work the benchmarks measure, with the checks that it was done right.</summary>
internal sealed partial class BenchPortal
{
    /// <summary>
    /// <paramref name="count"/> sandbox printers (machine codes from <paramref name="firstMachineCode"/> on, so no two
    /// collide), authorized by msign <paramref name="concurrency"/> at a time and stored as the company's printers in
    /// one SaveChanges; with <paramref name="due"/> their planned refresh was a minute ago.
    /// </summary>
    public async Task<List<BenchPrinter>> ConnectPrintersAsync(BenchSandbox sandbox, int count, long firstMachineCode, bool due = false, int concurrency = 8)
    {
        var client = Services.GetRequiredService<IYilianyunClientFactory>().Create(new YilianyunCredentials(App.ClientId, App.ClientSecret, YilianyunAppType.Open));
        var grants = new AccessTokenGrant[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var (machineCode, msign) = await sandbox.CreatePrinterAsync((firstMachineCode + i).ToString(CultureInfo.InvariantCulture));
            grants[i] = await client.AuthorizeByMsignAsync(machineCode, msign, ct);
        });
        var appId = (await AppAsync()).Id;
        await using var scope = Services.CreateAsyncScope();
        var keeper = scope.ServiceProvider.GetRequiredService<PrinterTokenKeeper>();
        await using var db = await DbFactory.CreateForTenantAsync(TenantId);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var connected = new List<BenchPrinter>(count);
        for (var i = 0; i < count; i++)
        {
            var grant = grants[i];
            var printer = new Printer { Id = Guid.CreateVersion7(), AppId = appId, MachineCode = grant.MachineCode, Name = $"Bench {grant.MachineCode}", CreatedAt = DateTimeOffset.UtcNow };
            keeper.ApplyGrant(printer, grant);
            if (due)
            {
                printer.NextRefreshAt = DateTimeOffset.UtcNow.AddMinutes(-1);
            }

            db.Printers.Add(printer);
            connected.Add(new BenchPrinter(printer.Id, grant.MachineCode, grant.AccessToken));
        }

        await db.SaveChangesAsync();
        return connected;
    }

    /// <summary>
    /// Makes <paramref name="ids"/> due again after a sweep refreshed them: planned a minute ago, unleased, and today's
    /// automatic refreshes not counted (so rounds on the same printers never reach the daily budget).
    /// </summary>
    public async Task MakeDueAsync(IReadOnlyCollection<Guid> ids)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        await using var db = await DbFactory.CreateForTenantAsync(TenantId);
        var updated = await db.Printers.Where(p => ids.Contains(p.Id))
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.NextRefreshAt, at).SetProperty(x => x.RefreshLeaseUntil, (DateTimeOffset?)null).SetProperty(x => x.RefreshesToday, 0));
        if (updated != ids.Count)
        {
            throw new InvalidOperationException($"{ids.Count} printers to make due, {updated} updated.");
        }
    }

    /// <summary>
    /// One <see cref="PrinterRefresher.SweepOnceAsync"/>, timed; then checks that it refreshed each of
    /// <paramref name="expected"/> exactly once and nothing else: one Refreshed outcome, one refresh_token grant in the
    /// sandbox's journal and one Refreshed timeline event per printer.
    /// </summary>
    public async Task<BenchRun> SweepAsync(BenchSandbox sandbox, IReadOnlyCollection<Guid> expected)
    {
        var refresher = Services.GetRequiredService<PrinterRefresher>();
        await sandbox.ClearJournalAsync();
        var since = DateTimeOffset.UtcNow;
        var meter = BenchRun.Start(sandbox);
        var sweep = await refresher.SweepOnceAsync();
        var run = meter.Stop(expected.Count);

        var grants = (await sandbox.JournalAsync()).Count(e => e.GrantType == "refresh_token");
        List<(Guid PrinterId, int Count)> events;
        await using (var db = await DbFactory.CreateForTenantAsync(TenantId))
        {
            events = (await db.PrinterTokenEvents.Where(e => e.Kind == PrinterTokenEventKind.Refreshed && e.At >= since)
                .GroupBy(e => e.PrinterId).Select(g => new { g.Key, Count = g.Count() }).ToListAsync())
                .Select(g => (g.Key, g.Count)).ToList();
        }

        var refreshed = sweep.Outcomes.GetValueOrDefault(RefreshOutcome.Refreshed);
        var twice = events.Count(e => e.Count > 1);
        var strangers = events.Count(e => !expected.Contains(e.PrinterId));
        if (sweep.Due != expected.Count || refreshed != expected.Count || grants != expected.Count || events.Count != expected.Count || twice > 0 || strangers > 0)
        {
            throw new InvalidOperationException(
                $"Sweep over {expected.Count} due printers: {sweep.Due} due, outcomes {string.Join(", ", sweep.Outcomes.Select(o => $"{o.Key}={o.Value}"))}, "
                + $"{grants} refresh grants upstream, {events.Count} printers with a Refreshed event ({twice} of them twice or more, {strangers} not due).");
        }

        return run;
    }

    /// <summary>
    /// <paramref name="count"/> prints submitted through <see cref="PrintJobSubmitter"/> as the print page submits
    /// them (a scope per submission, a fresh submission key each), round robin over <paramref name="printers"/>,
    /// <paramref name="concurrency"/> at a time; then checks that each was sent, made exactly one print/index call
    /// and is stored as exactly one Sent job with the origin id the platform saw.
    /// </summary>
    public async Task<BenchRun> SubmitPrintsAsync(BenchSandbox sandbox, IReadOnlyList<BenchPrinter> printers, int count, int concurrency, string receipt)
    {
        var times = new ConcurrentBag<double>();
        await sandbox.ClearJournalAsync();
        var since = DateTimeOffset.UtcNow;
        var meter = BenchRun.Start(sandbox);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            await using var scope = Services.CreateAsyncScope();
            var submitter = scope.ServiceProvider.GetRequiredService<PrintJobSubmitter>();
            var single = Stopwatch.StartNew();
            var result = await submitter.SubmitAsync(new PrintRequest([printers[i % printers.Count].Id], PrintJobKind.Text, receipt) { SubmissionKey = Guid.NewGuid().ToString("N") }, ct);
            single.Stop();
            if (result.Value?.Items.Single().State != PrintJobState.Sent)
            {
                throw new InvalidOperationException(result.Error ?? result.Value?.Items.Single().Message ?? "A print was not sent.");
            }

            times.Add(single.Elapsed.TotalMilliseconds);
        });
        var run = meter.Stop(count, [.. times]);

        var upstream = (await sandbox.JournalAsync()).Where(e => e.Path.EndsWith("print/index", StringComparison.Ordinal)).Select(e => e.OriginId).ToList();
        List<(string OriginId, PrintJobState State)> stored;
        await using (var db = await DbFactory.CreateForTenantAsync(TenantId))
        {
            stored = (await db.PrintJobs.Where(j => j.CreatedAt >= since).Select(j => new { j.OriginId, j.State }).ToListAsync())
                .Select(j => (j.OriginId, j.State)).ToList();
        }

        var sent = stored.Where(j => j.State == PrintJobState.Sent).Select(j => j.OriginId).ToHashSet(StringComparer.Ordinal);
        if (upstream.Count != count || upstream.Distinct().Count() != count || stored.Count != count || sent.Count != count || !upstream.All(o => o is not null && sent.Contains(o)))
        {
            throw new InvalidOperationException(
                $"{count} submissions: {upstream.Count} print/index calls ({upstream.Distinct().Count()} origin ids), {stored.Count} jobs stored, "
                + $"{sent.Count} of them Sent, {upstream.Count(o => o is null || !sent.Contains(o))} calls without a Sent job.");
        }

        return run;
    }

    /// <summary>The engine's version and the settings that decide what a commit costs, read on the portal's own connection.</summary>
    public async Task<string> DescribeDatabaseAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var postgres = Database.Provider == DatabaseProvider.Postgres;
        var settings = new List<string> { (postgres ? "PostgreSQL " : "SQLite ") + connection.ServerVersion };
        var names = postgres ? new[] { "fsync", "synchronous_commit", "full_page_writes", "shared_buffers" } : ["journal_mode", "synchronous"];
        foreach (var name in names)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = (postgres ? "SHOW " : "PRAGMA ") + name;
            var value = Convert.ToString(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
            settings.Add($"{name}={(name == "synchronous" ? value switch { "0" => "OFF", "1" => "NORMAL", "2" => "FULL", "3" => "EXTRA", _ => value } : value)}");
        }

        return string.Join(", ", settings);
    }
}
