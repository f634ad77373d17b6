using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Portal.Benchmarks;
using Portal.Benchmarks.Circuits;

// Server memory per idle circuit on /printers with 20 printers, and a click's re-render in one real page while the
// circuits are open (benchmarks/README.md).
//
//   dotnet Circuits.Benchmarks.dll [--circuits 500] [--hold 0] [--clicks 40] [--concurrency 8] [--printers 20] [--figures]
//
// --circuits: the protocol circuits open while the clicks are timed (and over which circuit-kb is measured); --hold: open
// more afterwards, up to this many in all, and measure again; --figures: end with "figure NAME VALUE" lines; --linger S:
// wait S seconds with the circuits open after the heap is read (to take a dotnet-gcdump of the host); --page PATH
// [--ready TEXT]: open the protocol circuits on another page (the clicks stay on /printers).
// "serve --port P --data FOLDER --printers N" is the portal host this program starts as its child process.
internal static class CircuitsBenchmark
{
    public static async Task Main(string[] args)
    {
        if (args.FirstOrDefault() == "serve")
        {
            await CircuitsHost.RunAsync(BenchArgs.Int(args, "--port", 0), BenchArgs.String(args, "--data")!, BenchArgs.Int(args, "--printers", 20));
            return;
        }

        var circuits = BenchArgs.Int(args, "--circuits", 500);
        var hold = BenchArgs.Int(args, "--hold", 0);
        var clicks = BenchArgs.Int(args, "--clicks", 40);
        var concurrency = BenchArgs.Int(args, "--concurrency", 8);
        var printers = BenchArgs.Int(args, "--printers", 20);
        var figures = args.Contains("--figures");
        // Seconds to wait with the circuits open once measured, e.g. to take a dotnet-gcdump of the host (its pid is printed).
        var linger = BenchArgs.Int(args, "--linger", 0);
        // Another page for the protocol circuits (the clicks stay on /printers), to compare what a circuit costs elsewhere;
        // a circuit counts as open once a render batch carries --ready's text (the navigation's "Dashboard" is on every page).
        var pagePath = BenchArgs.String(args, "--page") ?? "printers";
        var ready = BenchArgs.String(args, "--ready") ?? (pagePath == "printers" ? "Counter 00" : "Dashboard");
        var started = Stopwatch.StartNew();

        var dataFolder = Path.Combine(Path.GetTempPath(), "portal-bench-circuits", Guid.NewGuid().ToString("N"));
        await using var host = await HostProcess.StartAsync(dataFolder, printers);
        Console.WriteLine($"portal host up at {host.BaseAddress} with {printers} printers ({started.Elapsed.TotalSeconds:F0} s)");

        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        await using var browser = await ClickTimer.OpenAsync(host.BaseAddress, CircuitsHost.Email, CircuitsHost.Password, printers);
        var cookie = await browser.CookieHeaderAsync();
        http.DefaultRequestHeaders.Add("Cookie", cookie);

        // The first circuits pay for what every later one shares (JIT, caches, pools): they are open before the heap is
        // first read, and count among the circuits the clicks are timed with.
        var open = new List<ProtocolCircuit>();
        var warmUp = Math.Min(10, circuits / 10);
        await OpenCircuitsAsync(warmUp);
        var before = await HeapAsync(http);
        Console.WriteLine($"before: heap {before.Heap / 1024.0 / 1024:F1} MB, {before.Open} circuits open ({warmUp} warm-up ones and the browser page's)");

        var measured = circuits - warmUp;
        await OpenCircuitsAsync(measured);
        var with = await HeapAsync(http);
        var kb = (with.Heap - before.Heap) / 1024.0 / measured;
        Console.WriteLine($"with {circuits} idle protocol circuits: heap {with.Heap / 1024.0 / 1024:F1} MB, {with.Open} open, {with.Connected} connected; " +
                          $"{kb:F0} KB per circuit over the last {measured}");
        if (with.Connected < circuits + 1)
        {
            throw new InvalidOperationException($"The server holds {with.Connected} connected circuits, {circuits + 1} expected.");
        }

        if (linger > 0)
        {
            Console.WriteLine($"lingering {linger} s; host pid {host.ProcessId}");
            await Task.Delay(TimeSpan.FromSeconds(linger));
        }

        // What the circuits hold: their live components, on average, by type (the browser page's circuit included).
        var census = (await http.GetStringAsync(CircuitsHost.ComponentsPath)).Split('\n');
        var head = census[0].Split(' ');
        var perCircuit = double.Parse(head[1], CultureInfo.InvariantCulture) / Math.Max(1, int.Parse(head[0], CultureInfo.InvariantCulture));
        Console.WriteLine($"components: {perCircuit:F1} per circuit over {head[0]} circuits; by type, per circuit:");
        foreach (var line in census.Skip(1))
        {
            Console.WriteLine("  " + line);
        }

        // The clicks: a warm-up, then the timed ones, alternating the two sortable columns' headers so every click reorders the list.
        for (var i = 0; i < 5; i++)
        {
            await browser.ClickAsync(i % 2 == 0 ? "Terminal number" : "Printer name", printers);
        }

        var times = new List<double>();
        for (var i = 0; i < clicks; i++)
        {
            times.Add(await browser.ClickAsync(i % 2 == 0 ? "Terminal number" : "Printer name", printers));
            await Task.Delay(100);
        }

        var p95 = BenchStats.Percentile(times, 95);
        Console.WriteLine($"clicks with {circuits} circuits open: {clicks} timed, median {BenchStats.Percentile(times, 50):F1} ms, " +
                          $"p95 {p95:F1} ms, max {times.Max():F1} ms");
        var afterClicks = await HeapAsync(http);
        if (afterClicks.Connected < circuits + 1)
        {
            throw new InvalidOperationException($"Only {afterClicks.Connected} circuits are still connected after the clicks.");
        }

        var held = circuits;
        var heldKb = kb;
        if (hold > circuits)
        {
            await OpenCircuitsAsync(hold - circuits);
            var holding = await HeapAsync(http);
            held = holding.Connected - 1;
            heldKb = (holding.Heap - before.Heap) / 1024.0 / (held - warmUp);
            Console.WriteLine($"with {held} idle protocol circuits: heap {holding.Heap / 1024.0 / 1024:F1} MB, {holding.Open} open, " +
                              $"{holding.Connected} connected; {heldKb:F0} KB per circuit");
        }

        Console.WriteLine($"took {started.Elapsed.TotalSeconds:F0} s");
        if (figures)
        {
            Console.WriteLine(FormattableString.Invariant($"figure circuit-kb {kb:F0}"));
            Console.WriteLine(FormattableString.Invariant($"figure circuit-components {perCircuit:F0}"));
            Console.WriteLine(FormattableString.Invariant($"figure circuit-click-p95-ms-{circuits} {p95:F1}"));
            Console.WriteLine(FormattableString.Invariant($"figure circuits-held {held}"));
            if (hold > circuits)
            {
                Console.WriteLine(FormattableString.Invariant($"figure circuit-kb-{held} {heldKb:F0}"));
            }
        }

        await Task.WhenAll(open.Select(c => c.DisposeAsync().AsTask()));

        // Opens `count` more circuits, `concurrency` at a time, each on its own request of /printers.
        async Task OpenCircuitsAsync(int count)
        {
            var watch = Stopwatch.StartNew();
            var opened = new ProtocolCircuit[count];
            var done = 0;
            var page = new Uri(host.BaseAddress, pagePath);
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
            {
                // The list is loaded once a render batch carries a printer's name.
                opened[i] = await ProtocolCircuit.OpenAsync(http, page, cookie, ready, TimeSpan.FromMinutes(2));
                if (Interlocked.Increment(ref done) % 100 == 0)
                {
                    Console.WriteLine($"  {done} of {count} circuits open ({watch.Elapsed.TotalSeconds:F0} s)");
                }
            });
            open.AddRange(opened);
            Console.WriteLine($"opened {count} circuits in {watch.Elapsed.TotalSeconds:F1} s");
            // Let the last circuits' renders and acknowledgements settle before the heap is read.
            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        static async Task<(long Heap, int Open, int Connected)> HeapAsync(HttpClient http)
        {
            var parts = (await http.GetStringAsync(CircuitsHost.HeapPath)).Split(' ');
            return (long.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>This program started with "serve" as a child process on a free loopback port; killed and its data folder deleted on dispose.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataFolder;

    private HostProcess(Process process, string dataFolder, Uri baseAddress)
    {
        _process = process;
        _dataFolder = dataFolder;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public static async Task<HostProcess> StartAsync(string dataFolder, int printers)
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new ProcessStartInfo("dotnet",
            [typeof(HostProcess).Assembly.Location, "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--data", dataFolder, "--printers", printers.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var host = new HostProcess(process, dataFolder, new Uri($"http://127.0.0.1:{port}/"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
        {
            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                // Keep reading so the host never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
                return host;
            }

            Console.WriteLine("[host] " + line);
        }

        await host.DisposeAsync();
        throw new InvalidOperationException("The portal host exited before it was ready.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }
    }
}
