using System.Diagnostics;
using System.Net.Sockets;

namespace Yilianyun.Tests.Sandbox;

/// <summary>
/// The standalone sandbox host (src/Yilianyun.Sandbox.Host) run as a process of its own, on a free loopback port and a
/// given state file, with one own app and two printers from settings. <see cref="KillAsync"/> sends SIGKILL.
/// </summary>
public sealed class SandboxProcess : IAsyncDisposable
{
    public const string ClientId = "2000000001";
    public const string ClientSecret = "process-secret-0123456789";
    public static readonly string[] Printers = ["4005000001", "4005000002"];

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SandboxProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public static string Msign(string machineCode) => "msign" + machineCode[^4..];

    public static async Task<SandboxProcess> StartAsync(string stateFile, int? port = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}/");
        var start = new ProcessStartInfo("dotnet", [HostDll()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(HostDll())!,
        };
        var settings = new Dictionary<string, string>
        {
            ["Yilianyun__Sandbox__Url"] = address.ToString().TrimEnd('/'),
            ["Yilianyun__Sandbox__StateFile"] = stateFile,
            ["Yilianyun__Sandbox__Apps__0__ClientId"] = ClientId,
            ["Yilianyun__Sandbox__Apps__0__ClientSecret"] = ClientSecret,
            ["Yilianyun__Sandbox__Apps__0__Type"] = "Own",
            ["Yilianyun__Sandbox__PrintDelay"] = "00:00:00.2",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        for (var i = 0; i < Printers.Length; i++)
        {
            settings[$"Yilianyun__Sandbox__Printers__{i}__MachineCode"] = Printers[i];
            settings[$"Yilianyun__Sandbox__Printers__{i}__Msign"] = Msign(Printers[i]);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var sandbox = new SandboxProcess(Process.Start(start)!, address);
        await sandbox.WaitUntilAnsweringAsync();
        return sandbox;
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine's memory killer or an operator's kill -9 strikes.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The sandbox host exited with code {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(Address, "ready"));
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(200);
            }
        }

        throw new TimeoutException($"The sandbox host did not answer at {Address}:\n{Output}");
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>The host's build output next to this test assembly's (same configuration and framework).</summary>
    private static string HostDll()
    {
        // …/tests/Yilianyun.Tests/bin/Release/net10.0/ → …/src/Yilianyun.Sandbox.Host/bin/Release/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "Yilianyun.Sandbox.Host", "bin", configuration, framework, "Yilianyun.Sandbox.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: the sandbox host is missing.", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
