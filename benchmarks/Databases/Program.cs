using System.Globalization;
using System.Runtime.InteropServices;
using Portal.Benchmarks;
using Portal.Data;
using Portal.Data.Entities.Printers;
using Portal.Infrastructure.Hosting;

// The portal on SQLite next to the portal on PostgreSQL, in one run and in alternating rounds:
// - refresh sweep: one PrinterRefresher.SweepOnceAsync over N due tokens (tokens/s), each token checked refreshed once;
// - print: jobs submitted through PrintJobSubmitter as the print page submits them (jobs/s), each checked sent once
//   and stored once;
// against the sandbox on a loopback port, at loopback and with --latency ms of platform delay on every token and
// print answer. Each side is a fresh database (a SQLite file; a database of its own on the PostgreSQL server, created
// and dropped here) migrated with the portal's own migrations. Figures are printed as "figure NAME VALUE" lines.
//
//   benchmarks/Databases/run.sh [options]     (starts a throw-away PostgreSQL unless PORTAL_BENCH_POSTGRES is set)
//   PORTAL_BENCH_POSTGRES="Host=…;Database=postgres;…" dotnet run -c Release --project benchmarks/Databases -- \
//       [--tokens 5000 --prints 1000 --rounds 3 --latency 20 --concurrency 8 --printers 10 --warm-up 3000 --postgres-pid PID]

if (await BenchSandbox.RunIfChildAsync(args))
{
    return 0;
}

var server = BenchArgs.String(args, "--postgres") ?? Environment.GetEnvironmentVariable("PORTAL_BENCH_POSTGRES");
var tokens = BenchArgs.Int(args, "--tokens", 5_000);
var prints = BenchArgs.Int(args, "--prints", 1_000);
var rounds = BenchArgs.Int(args, "--rounds", 3);
var latencyMs = BenchArgs.Int(args, "--latency", 20);
var concurrency = BenchArgs.Int(args, "--concurrency", 8);
var printerCount = BenchArgs.Int(args, "--printers", 10);
var warmUpPrints = BenchArgs.Int(args, "--warm-up", 3_000);
var serverCpu = BenchArgs.String(args, "--postgres-pid") is { } pid ? new ServerCpu(int.Parse(pid, CultureInfo.InvariantCulture)) : null;
if (string.IsNullOrWhiteSpace(server))
{
    Console.Error.WriteLine("Give a PostgreSQL server: PORTAL_BENCH_POSTGRES (or --postgres) = a connection string to a database the benchmark may create databases from, e.g. Host=127.0.0.1;Port=5432;Username=postgres;Password=…;Database=postgres. benchmarks/Databases/run.sh starts a throw-away one.");
    return 2;
}

// The sandbox's journal keeps the last 10,000 calls, and one sweep takes at most 10,000 tokens (RefresherSettings.BatchSize).
if (tokens is < 1 or > 10_000 || prints is < 1 or > 10_000 || warmUpPrints is < 0 or > 10_000 || rounds < 1 || latencyMs < 0 || printerCount < 1)
{
    Console.Error.WriteLine("--tokens and --prints go from 1 to 10,000, --warm-up from 0 to 10,000; --rounds and --printers are at least 1, --latency at least 0.");
    return 2;
}

var app = new ConfiguredApp("Benchmark", "1093000001", "bench-secret-0123456789abcdef", PrinterAppKind.Open, "https://portal.example/printers/connect/callback");
const string Receipt = "<FS2><center>Bench Noodles</center></FS2>\n<table><tr><td>牛肉面</td><td>x2</td><td>36.00</td></tr></table>\n<QR>https://bench.test/o/1</QR>";

await using var sandbox = await BenchSandbox.StartAsync(app, maxJobsPerPrinter: 1_000_000);
var baseUrl = sandbox.BaseUrl;
var settings = new Dictionary<string, string?>
{
    ["Yilianyun:Refresher:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture),
    ["Yilianyun:Refresher:BatchSize"] = tokens.ToString(CultureInfo.InvariantCulture),
};
int[] latencies = latencyMs > 0 ? [0, latencyMs] : [0];

Console.WriteLine($"== SQLite vs PostgreSQL: a sweep of {tokens} due tokens and {prints} prints to {printerCount} printers per side and round, "
                  + $"concurrency {concurrency}, {rounds} rounds, platform latency {string.Join(" and ", latencies.Select(l => $"{l} ms"))} ==");
Console.WriteLine($"load average at start: {LoadAverage()} (the machine's other work shares its cores with both sides)");
var sides = new List<Side>();

// TERM or Ctrl-C (run.sh passes either on as TERM): drop the PostgreSQL database on the way out, as the finally below
// does, instead of letting the runtime end the process before it runs.
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupted);
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupted);
try
{
    foreach (var engine in new[] { BenchDatabase.Sqlite, BenchDatabase.Postgres(server) })
    {
        var side = new Side(engine, await BenchPortal.CreateAsync(baseUrl, app, settings, engine));
        sides.Add(side);
        Console.WriteLine($"{side.Name}: {await side.Portal.DescribeDatabaseAsync()}");
        // Machine codes of their own per side: both portals' printers live in the one sandbox.
        var codes = 4_600_000_000L + (sides.Count * 100_000_000L);
        side.Printers = await side.Portal.ConnectPrintersAsync(sandbox, printerCount, codes, concurrency: concurrency);
        side.Due = (await side.Portal.ConnectPrintersAsync(sandbox, tokens, codes + 1_000_000, due: true, concurrency)).Select(p => p.Id).ToHashSet();
    }

    // Warm-up: one sweep and --warm-up prints on each side, so the measured rounds pay for no JIT (tiered compilation
    // goes on optimizing the portal's path for thousands of calls), first queries or connection set-up.
    foreach (var side in sides)
    {
        await side.Portal.SweepAsync(sandbox, side.Due);
        await side.Portal.MakeDueAsync(side.Due);
        if (warmUpPrints > 0)
        {
            await side.Portal.SubmitPrintsAsync(sandbox, side.Printers, warmUpPrints, concurrency, Receipt);
        }
    }

    // Rounds alternate which side goes first, so a busy moment on a shared machine hurts both alike over the run.
    for (var round = 1; round <= rounds; round++)
    {
        foreach (var latency in latencies)
        {
            await sandbox.ClearLatencyAsync();
            if (latency > 0)
            {
                await sandbox.AddLatencyAsync("oauth/oauth", TimeSpan.FromMilliseconds(latency));
                await sandbox.AddLatencyAsync("print/index", TimeSpan.FromMilliseconds(latency));
            }

            foreach (var side in round % 2 == 1 ? sides : Enumerable.Reverse(sides))
            {
                var serverBefore = side.Postgres ? serverCpu?.Read() : null;
                var sweep = await side.Portal.SweepAsync(sandbox, side.Due);
                var serverBetween = side.Postgres ? serverCpu?.Read() : null;
                await side.Portal.MakeDueAsync(side.Due);
                var serverMiddle = side.Postgres ? serverCpu?.Read() : null;
                var print = await side.Portal.SubmitPrintsAsync(sandbox, side.Printers, prints, concurrency, Receipt);
                var serverAfter = side.Postgres ? serverCpu?.Read() : null;
                var measured = new Measured(sweep, print, serverBetween - serverBefore, serverAfter - serverMiddle);
                side.Add(latency, measured);
                Console.WriteLine($"round {round}, latency {latency} ms, {side.Name,-8}: sweep {sweep.PerSecond,6:F0} tokens/s ({sweep.CpuMsEach:F2} ms CPU each{ServerShare(measured.SweepServerCpu, sweep.Count)}), "
                                  + $"print {print.PerSecond,5:F0} jobs/s (p95 {BenchStats.Percentile(print.Latencies, 95):F1} ms, {print.CpuMsEach:F2} ms CPU each{ServerShare(measured.PrintServerCpu, print.Count)})");
            }
        }
    }

    await sandbox.ClearLatencyAsync();
    Console.WriteLine($"load average at the end: {LoadAverage()}");
    Console.WriteLine($"checked: every sweep refreshed each due token exactly once; every print made one print/index call and is stored as one Sent job");
    Console.WriteLine();
    foreach (var latency in latencies)
    {
        var suffix = latency == 0 ? "" : $"-at-{latency}ms";
        Console.WriteLine(latency == 0
            ? $"# platform latency 0 ms (sandbox on loopback), {rounds} rounds: totals over the rounds"
            : $"# platform latency {latency} ms on every token and print answer, {rounds} rounds: totals over the rounds");
        var (sqlite, postgres) = (sides[0].Runs[latency], sides[1].Runs[latency]);
        var sweepSqlite = PerSecond(sqlite.Select(m => m.Sweep));
        var sweepPostgres = PerSecond(postgres.Select(m => m.Sweep));
        var printSqlite = PerSecond(sqlite.Select(m => m.Print));
        var printPostgres = PerSecond(postgres.Select(m => m.Print));
        Figure($"sweep-tokens-per-s-sqlite{suffix}", sweepSqlite, "F0");
        Figure($"sweep-tokens-per-s-postgres{suffix}", sweepPostgres, "F0");
        Figure($"sweep-ratio-postgres-sqlite{suffix}", sweepPostgres / sweepSqlite, "F2");
        Figure($"print-jobs-per-s-sqlite{suffix}", printSqlite, "F0");
        Figure($"print-jobs-per-s-postgres{suffix}", printPostgres, "F0");
        Figure($"print-ratio-postgres-sqlite{suffix}", printPostgres / printSqlite, "F2");
        foreach (var (side, runs) in new[] { (sides[0], sqlite), (sides[1], postgres) })
        {
            Figure($"print-p95-ms-{side.Name}{suffix}", BenchStats.Percentile([.. runs.SelectMany(m => m.Print.Latencies)], 95), "F1");
            Figure($"sweep-cpu-ms-per-token-{side.Name}{suffix}", CpuMsEach(runs.Select(m => m.Sweep)), "F2");
            Figure($"print-cpu-ms-per-job-{side.Name}{suffix}", CpuMsEach(runs.Select(m => m.Print)), "F2");
        }

        if (serverCpu is not null)
        {
            Figure($"sweep-server-cpu-ms-per-token-postgres{suffix}", postgres.Sum(m => m.SweepServerCpu!.Value.TotalMilliseconds) / postgres.Sum(m => m.Sweep.Count), "F2");
            Figure($"print-server-cpu-ms-per-job-postgres{suffix}", postgres.Sum(m => m.PrintServerCpu!.Value.TotalMilliseconds) / postgres.Sum(m => m.Print.Count), "F2");
        }
    }
}
finally
{
    foreach (var side in sides)
    {
        await side.Portal.DisposeAsync();
    }
}

return 0;

void Interrupted(PosixSignalContext context)
{
    context.Cancel = true;
    Console.Error.WriteLine($"{context.Signal}: dropping the benchmark's PostgreSQL database and stopping.");
    foreach (var side in sides.Where(s => s.Postgres).ToArray())
    {
        try
        {
            side.Engine.DropAsync(side.Portal.Database).Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException e)
        {
            Console.Error.WriteLine($"Could not drop it: {e.InnerException?.Message}");
        }
    }

    Environment.Exit(context.Signal == PosixSignal.SIGTERM ? 143 : 130);
}

static double PerSecond(IEnumerable<BenchRun> runs) => runs.Sum(r => r.Count) / runs.Sum(r => r.Elapsed.TotalSeconds);

static double CpuMsEach(IEnumerable<BenchRun> runs) => runs.Sum(r => r.Cpu.TotalMilliseconds) / runs.Sum(r => r.Count);

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static void Figure(string name, double value, string format) => Console.WriteLine($"figure {name} {value.ToString(format, CultureInfo.InvariantCulture)}");

static string ServerShare(TimeSpan? cpu, int count) => cpu is { } spent ? $" + {spent.TotalMilliseconds / count:F2} ms in the server" : "";

/// <summary>The sweep and the prints of one side in one round; the PostgreSQL server's CPU time during each, when known.</summary>
internal sealed record Measured(BenchRun Sweep, BenchRun Print, TimeSpan? SweepServerCpu, TimeSpan? PrintServerCpu);

/// <summary>One engine's portal, its printers, and what it measured at each latency.</summary>
internal sealed class Side(BenchDatabase engine, BenchPortal portal)
{
    public BenchDatabase Engine { get; } = engine;

    public string Name => Engine.Name;

    public BenchPortal Portal { get; } = portal;

    public bool Postgres => Portal.Database.Provider == DatabaseProvider.Postgres;

    public List<BenchPrinter> Printers { get; set; } = [];

    public HashSet<Guid> Due { get; set; } = [];

    public Dictionary<int, List<Measured>> Runs { get; } = [];

    public void Add(int latency, Measured measured)
    {
        if (!Runs.TryGetValue(latency, out var list))
        {
            Runs[latency] = list = [];
        }

        list.Add(measured);
    }
}
