namespace Portal.E2E.Infrastructure;

/// <summary>
/// Debian's nginx in front of portal instances, running the configuration docs/deploy.md gives
/// (<c>deploy/nginx/portal-two-instances.conf</c>) with its placeholders filled in, as an unprivileged foreground
/// process with its files in a temporary folder.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";

    private readonly Process _process;
    private readonly string _folder;

    private NginxProxy(Process process, string folder, Uri address)
    {
        _process = process;
        _folder = folder;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts nginx on loopback <paramref name="port"/> in front of <paramref name="a"/> and <paramref name="b"/>.</summary>
    public static async Task<NginxProxy> StartAsync(int port, Uri a, Uri b)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run the README's test command, which installs Debian's nginx.");
        }

        var folder = Path.Combine(Path.GetTempPath(), "portal-nginx", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var site = (await File.ReadAllTextAsync(Path.Combine(PortalServer.RepositoryRoot(), "deploy", "nginx", "portal-two-instances.conf")))
            .Replace("PORTAL_A", a.Authority, StringComparison.Ordinal)
            .Replace("PORTAL_B", b.Authority, StringComparison.Ordinal)
            .Replace("listen LISTEN;", $"listen 127.0.0.1:{port};", StringComparison.Ordinal)
            .Replace("SERVER_NAME", "127.0.0.1", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder, "site.conf"), site);
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                include {{folder}}/site.conf;
            }
            """);

        var start = new ProcessStartInfo(Executable, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var proxy = new NginxProxy(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        await proxy.WaitUntilServingAsync();
        return proxy;
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {ErrorLog()}");
            }

            try
            {
                using var live = await http.GetAsync(new Uri(Address, "health/live"));
                if (live.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"nginx did not answer at {Address}: {ErrorLog()}");
    }

    private string ErrorLog()
    {
        var log = Path.Combine(_folder, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : "";
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
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
        catch (UnauthorizedAccessException)
        {
            // Temp folders nginx's workers created as another user.
        }
    }
}
