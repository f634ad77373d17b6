using System.Net.Sockets;
using System.Reflection;

namespace Portal.E2E.Infrastructure;

/// <summary>
/// The portal as a user runs it: its own build output started on a free loopback port, with a fresh data folder
/// (so a fresh SQLite database and outbox) for this test run.
/// </summary>
public sealed class PortalServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private PortalServer(Process process, Uri baseAddress, string dataFolder)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataFolder = dataFolder;
    }

    public Uri BaseAddress { get; }

    public string DataFolder { get; }

    /// <summary>Everything the portal printed, for a failing test's message.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The build output in Development, as the README's run command starts it.</summary>
    public static Task<PortalServer> StartAsync() => StartAsync(new PortalLaunch());

    public static async Task<PortalServer> StartAsync(PortalLaunch launch)
    {
        var (start, baseAddress, dataFolder) = Prepare(launch);
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new PortalServer(process, baseAddress, dataFolder);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
        return server;
    }

    /// <summary>Starts the portal expecting it to stop by itself (a start-up check); its exit code and what it printed on stderr.</summary>
    public static async Task<(int ExitCode, string Errors)> RunUntilExitAsync(PortalLaunch launch, TimeSpan timeout)
    {
        var (start, _, dataFolder) = Prepare(launch);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The portal was still running after {timeout}.");
        }
        finally
        {
            TryDelete(dataFolder);
        }

        return (process.ExitCode, await errors);
    }

    private static (ProcessStartInfo Start, Uri BaseAddress, string DataFolder) Prepare(PortalLaunch launch)
    {
        var root = RepositoryRoot();
        // The portal was built in the same configuration as these tests (the project reference builds it).
        var configuration = typeof(PortalServer).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var portalDll = launch.Dll ?? Path.Combine(root, "src", "Portal", "bin", configuration, "net10.0", "Portal.dll");
        if (!File.Exists(portalDll))
        {
            throw new InvalidOperationException($"The portal is not built at {portalDll}; build the solution first.");
        }

        var baseAddress = new Uri($"http://127.0.0.1:{launch.Port ?? FreePort()}/");
        var dataFolder = launch.DataFolder ?? Path.Combine(Path.GetTempPath(), "portal-e2e", Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet", [portalDll, "--urls", baseAddress.ToString().TrimEnd('/')])
        {
            WorkingDirectory = launch.WorkingDirectory ?? Path.Combine(root, "src", "Portal"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = launch.Environment;
        start.Environment["Portal__DataFolder"] = dataFolder;
        // Several portals run at once here; none takes the sandbox's fixed developer address.
        start.Environment["Yilianyun__Sandbox__Url"] = "";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in launch.Settings?.Invoke(baseAddress) ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return (start, baseAddress, dataFolder);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with code {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "Account/Login"));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The portal did not answer within {timeout}:\n{Log}");
    }

    /// <summary>SIGKILL, as an out-of-memory killer or <c>kill -9</c> would: no shutdown code runs; the data folder stays.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        TryDelete(DataFolder);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Never written, or left for the OS to clean.
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Portal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Portal.sln not found above the test output.");
    }
}

/// <summary>
/// How to start the portal: which Portal.dll (the build output by default), in which environment and working folder,
/// and settings as environment variables, given the address it will listen on.
/// </summary>
/// <param name="DataFolder">The data folder to use (a restart reuses its predecessor's); a fresh one when null.</param>
/// <param name="Port">The port to listen on (a restart keeps its predecessor's); a free one when null.</param>
public sealed record PortalLaunch(
    string? Dll = null,
    string Environment = "Development",
    Func<Uri, IReadOnlyDictionary<string, string>>? Settings = null,
    string? WorkingDirectory = null,
    string? DataFolder = null,
    int? Port = null);
