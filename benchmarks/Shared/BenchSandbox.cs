using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Portal.Infrastructure.Hosting;
using Yilianyun.Sandbox;

namespace Portal.Benchmarks;

/// <summary>
/// The 易联云 sandbox on a free loopback port, in a process of its own (this benchmark's program started again with
/// <see cref="ChildFlag"/>), so both sides of a benchmark pay for real HTTP and the CPU a benchmark reports for the
/// portal is the portal's, as it would be against the real platform. The sandbox's own CPU is read from its process
/// (<see cref="Cpu"/>). A few endpoints under <c>/bench</c>, served only by this child, add printers, read and clear
/// the request journal and add latency.
/// </summary>
internal sealed class BenchSandbox : IAsyncDisposable
{
    public const string ChildFlag = "--bench-sandbox";

    private readonly Process _process;
    private readonly HttpClient _control;

    private BenchSandbox(Process process, Uri root)
    {
        _process = process;
        _control = new HttpClient { BaseAddress = root };
        BaseUrl = new Uri(root, "sandbox").ToString();
    }

    /// <summary>The platform API's base URL (what the portal's app is configured with).</summary>
    public string BaseUrl { get; }

    /// <summary>The CPU time the sandbox's process has used so far.</summary>
    public TimeSpan Cpu
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the sandbox with <paramref name="app"/> registered, keeping at most <paramref name="maxJobsPerPrinter"/> jobs per printer.</summary>
    public static async Task<BenchSandbox> StartAsync(ConfiguredApp app, int maxJobsPerPrinter = 1_000)
    {
        var program = Environment.GetCommandLineArgs()[0];
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     program, ChildFlag, app.Name, app.ClientId, app.ClientSecret, app.RedirectUri ?? "",
                     maxJobsPerPrinter.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The sandbox process did not start.");
        // The child prints its address once it listens.
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill();
            throw new InvalidOperationException($"The sandbox process did not start: {line}");
        }

        return new BenchSandbox(process, new Uri(line["listening ".Length..].TrimEnd('/') + "/"));
    }

    /// <summary>A new virtual printer with terminal number <paramref name="machineCode"/>; returns it with its label key.</summary>
    public async Task<(string MachineCode, string Msign)> CreatePrinterAsync(string machineCode)
    {
        using var response = await _control.PostAsync($"bench/printers?machineCode={machineCode}", null);
        response.EnsureSuccessStatusCode();
        var printer = (await response.Content.ReadFromJsonAsync<SandboxPrinterInfo>())!;
        return (printer.MachineCode, printer.Msign);
    }

    public async Task ClearJournalAsync() => (await _control.PostAsync("bench/journal/clear", null)).EnsureSuccessStatusCode();

    /// <summary>Every API request the sandbox answered since the journal was last cleared.</summary>
    public async Task<IReadOnlyList<SandboxJournalEntry>> JournalAsync() =>
        (await _control.GetFromJsonAsync<List<SandboxJournalEntry>>("bench/journal"))!;

    /// <summary>From now on every request to <paramref name="path"/> (e.g. <c>print/index</c>) is answered after <paramref name="latency"/>.</summary>
    public async Task AddLatencyAsync(string path, TimeSpan latency) =>
        (await _control.PostAsync($"bench/latency?path={Uri.EscapeDataString(path)}&ms={latency.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}", null)).EnsureSuccessStatusCode();

    /// <summary>Takes away every latency added so far.</summary>
    public async Task ClearLatencyAsync() => (await _control.PostAsync("bench/latency/clear", null)).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>
    /// The child's side: when <paramref name="args"/> start with <see cref="ChildFlag"/>, serves the sandbox until its
    /// parent closes standard input (or dies) and returns true; otherwise returns false at once.
    /// </summary>
    public static async Task<bool> RunIfChildAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != ChildFlag)
        {
            return false;
        }

        var (name, clientId, clientSecret, redirectUri) = (args[1], args[2], args[3], args[4]);
        var maxJobs = int.Parse(args[5], CultureInfo.InvariantCulture);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddYilianyunSandbox(options =>
        {
            options.Apps.Add(new SandboxAppOptions { Name = name, ClientId = clientId, ClientSecret = clientSecret, Type = SandboxAppType.Open, RedirectUri = redirectUri });
            // Nothing prints during a run, so neither side pays for pushes.
            options.PrintDelay = TimeSpan.FromHours(1);
            options.MaxJobsPerPrinter = maxJobs;
        });
        var web = builder.Build();
        web.MapYilianyunSandbox("/sandbox");
        web.MapPost("/bench/printers", (string machineCode, SandboxAdmin admin) =>
            admin.CreatePrinter(new SandboxPrinterOptions { MachineCode = machineCode }) is { } printer ? Results.Ok(printer) : Results.Conflict());
        web.MapPost("/bench/journal/clear", (SandboxJournal journal) => journal.Clear());
        web.MapGet("/bench/journal", (SandboxJournal journal) => journal.Entries);
        web.MapPost("/bench/latency", (string path, double ms, SandboxFaults faults) =>
            faults.Add(new SandboxFault { Path = path, Latency = TimeSpan.FromMilliseconds(ms) }));
        web.MapPost("/bench/latency/clear", (SandboxFaults faults) => faults.Clear());
        await web.StartAsync();
        Console.WriteLine("listening " + web.Urls.First());
        // The parent holds standard input open for as long as it wants the sandbox.
        await Console.In.ReadToEndAsync();
        await web.StopAsync();
        return true;
    }
}
