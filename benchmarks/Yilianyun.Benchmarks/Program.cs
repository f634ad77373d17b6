using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Yilianyun;
using Yilianyun.Benchmarks;

// print/index through IYilianyunClient (AddYilianyunClient: resilience pipeline, typed errors) against the same
// signed form posted on a bare HttpClient, both to the sandbox on a loopback port. For each concurrency: warm-up blocks
// (client, then bare) until the JIT has gone quiet — the pipeline's many generic methods take thousands of calls to
// reach their final tier — then alternating rounds (client first, bare first, …) so both sides meet the same load.
//
//   dotnet run -c Release --project benchmarks/Yilianyun.Benchmarks [-- --calls 1000 --rounds 9 --concurrency 1,8 --max-warmup 40]

var calls = IntOption("--calls", 1000);
var rounds = IntOption("--rounds", 9);
var maxWarmupBlocks = IntOption("--max-warmup", 40);
var concurrencies = Option("--concurrency", "1,8").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
const string Receipt = "<MN>1</MN><FS2><center>#18 外卖</center></FS2>\n<LR>宫保鸡丁x1,￥28.00</LR>\n<LR>米饭x2,￥4.00</LR>\n"
                       + "<FB>合计 ￥32.00</FB>\n备注: 少辣 & 不要香菜 (a+b)\n<QR>https://portal.example/o/18</QR>";

await using var sandbox = await SandboxLoopback.StartAsync();

var services = new ServiceCollection();
services.AddLogging();
services.AddYilianyunClient(options =>
{
    options.BaseUrl = sandbox.BaseUrl;
    options.ClientId = SandboxLoopback.ClientId;
    options.ClientSecret = SandboxLoopback.ClientSecret;
    options.AppType = YilianyunAppType.Open;
});
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IYilianyunClient>();
using var http = new HttpClient { BaseAddress = new Uri(sandbox.BaseUrl + "/") };
var bare = new BarePrintClient(http, SandboxLoopback.ClientId, SandboxLoopback.ClientSecret);

var grant = await client.AuthorizeByMsignAsync(SandboxLoopback.MachineCode, SandboxLoopback.Msign);
var token = grant.AccessToken;

var originCounter = 0;
string NextOriginId(char side) => side + Interlocked.Increment(ref originCounter).ToString("D9", CultureInfo.InvariantCulture);

Task ClientCall() =>
    client.PrintTextAsync(token, new PrintTextRequest(SandboxLoopback.MachineCode, Receipt, NextOriginId('c')));

Task BareCall() => bare.PrintAsync(token, SandboxLoopback.MachineCode, Receipt, NextOriginId('b'));

Console.WriteLine($".NET {Environment.Version}, {Environment.ProcessorCount} cores, {calls} print/index calls per side and round, "
                  + $"{rounds} rounds; sandbox at {sandbox.BaseUrl}");
foreach (var concurrency in concurrencies)
{
    Console.WriteLine();
    Console.WriteLine($"concurrency {concurrency}");
    await WarmUpAsync(concurrency);
    Console.WriteLine("round  first   client calls/s  bare calls/s  ratio   client p50/p95 µs  bare p50/p95 µs  client/bare KB per call");
    var clientRuns = new List<RunResult>();
    var bareRuns = new List<RunResult>();
    var ratios = new List<double>();
    for (var round = 1; round <= rounds; round++)
    {
        var clientFirst = round % 2 == 1;
        sandbox.Journal.Clear();
        RunResult clientRun, bareRun;
        if (clientFirst)
        {
            clientRun = await RunResult.MeasureAsync(calls, concurrency, ClientCall);
            bareRun = await RunResult.MeasureAsync(calls, concurrency, BareCall);
        }
        else
        {
            bareRun = await RunResult.MeasureAsync(calls, concurrency, BareCall);
            clientRun = await RunResult.MeasureAsync(calls, concurrency, ClientCall);
        }

        clientRuns.Add(clientRun);
        bareRuns.Add(bareRun);
        var ratio = clientRun.CallsPerSecond / bareRun.CallsPerSecond;
        ratios.Add(ratio);
        Console.WriteLine($"{round,5}  {(clientFirst ? "client" : "bare"),-6}  {clientRun.CallsPerSecond,14:F0}  {bareRun.CallsPerSecond,12:F0}  {ratio,5:F2}"
                          + $"  {Latency(clientRun),17}  {Latency(bareRun),15}  {clientRun.KilobytesPerCall,11:F1} / {bareRun.KilobytesPerCall:F1}");
    }

    var clientLatencies = clientRuns.SelectMany(r => r.LatenciesMs).ToArray();
    var bareLatencies = bareRuns.SelectMany(r => r.LatenciesMs).ToArray();
    // Per-call medians shrug off the moments another process takes the CPU, which throughput does not.
    var p50Ratios = clientRuns.Zip(bareRuns, (c, b) => Statistics.Percentile(b.LatenciesMs, 50) / Statistics.Percentile(c.LatenciesMs, 50)).ToList();
    Console.WriteLine($"concurrency {concurrency}: median throughput ratio client/bare {Statistics.Median(ratios):F2} "
                      + $"(rounds {ratios.Min():F2}–{ratios.Max():F2}), median p50 ratio bare/client {Statistics.Median(p50Ratios):F2} "
                      + $"(rounds {p50Ratios.Min():F2}–{p50Ratios.Max():F2}); "
                      + $"median calls/s client {Statistics.Median(clientRuns.Select(r => r.CallsPerSecond)):F0}, bare {Statistics.Median(bareRuns.Select(r => r.CallsPerSecond)):F0}; "
                      + $"all rounds p50/p95 client {Microseconds(clientLatencies, 50)}/{Microseconds(clientLatencies, 95)} µs, "
                      + $"bare {Microseconds(bareLatencies, 50)}/{Microseconds(bareLatencies, 95)} µs");
}

return;

// Blocks of client and bare calls until two blocks in a row compile (almost) no new methods, or the limit is reached.
async Task WarmUpAsync(int concurrency)
{
    const int QuietMethods = 10;
    var started = Stopwatch.GetTimestamp();
    var quietBlocks = 0;
    var blocks = new List<string>();
    while (blocks.Count < maxWarmupBlocks && quietBlocks < 2)
    {
        sandbox.Journal.Clear();
        var compiledBefore = JitInfo.GetCompiledMethodCount();
        var clientRun = await RunResult.MeasureAsync(calls, concurrency, ClientCall);
        var bareRun = await RunResult.MeasureAsync(calls, concurrency, BareCall);
        var compiled = JitInfo.GetCompiledMethodCount() - compiledBefore;
        quietBlocks = compiled <= QuietMethods ? quietBlocks + 1 : 0;
        blocks.Add($"{clientRun.CallsPerSecond:F0}/{bareRun.CallsPerSecond:F0} ({compiled})");
    }

    Console.WriteLine($"warm-up: {blocks.Count} blocks of {calls} calls per side in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s"
                      + (quietBlocks < 2 ? ", stopped at the limit before the JIT went quiet" : ""));
    Console.WriteLine("  client/bare calls/s (methods compiled): " + string.Join(", ", blocks));
}

static string Latency(RunResult run) => $"{Microseconds(run.LatenciesMs, 50)}/{Microseconds(run.LatenciesMs, 95)}";

static string Microseconds(double[] latenciesMs, double percentile) =>
    (Statistics.Percentile(latenciesMs, percentile) * 1000).ToString("F0", CultureInfo.InvariantCulture);

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}

int IntOption(string name, int fallback) => int.Parse(Option(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
