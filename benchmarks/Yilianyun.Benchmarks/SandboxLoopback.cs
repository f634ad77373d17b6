using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yilianyun.Sandbox;

namespace Yilianyun.Benchmarks;

/// <summary>
/// The sandbox on Kestrel at 127.0.0.1 (a free port), seeded with one open app and one online printer. Jobs wait an
/// hour before they print and the app has no push URL, so neither printing nor pushes run during a measurement.
/// </summary>
internal sealed class SandboxLoopback : IAsyncDisposable
{
    public const string ClientId = "1090000001";
    public const string ClientSecret = "bench-secret-0123456789abcdef";
    public const string MachineCode = "4090000001";
    public const string Msign = "benchmsign01";

    private readonly WebApplication _app;

    private SandboxLoopback(WebApplication app)
    {
        _app = app;
        BaseUrl = app.Urls.First().TrimEnd('/') + "/sandbox";
    }

    /// <summary>The v1 root of the sandbox, e.g. http://127.0.0.1:41234/sandbox.</summary>
    public string BaseUrl { get; }

    public SandboxJournal Journal => _app.Services.GetRequiredService<SandboxJournal>();

    public static async Task<SandboxLoopback> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddYilianyunSandbox(options =>
        {
            options.Apps.Add(new SandboxAppOptions
            {
                Name = "Benchmark", ClientId = ClientId, ClientSecret = ClientSecret, Type = SandboxAppType.Open,
            });
            options.Printers.Add(new SandboxPrinterOptions { MachineCode = MachineCode, Msign = Msign });
            options.PrintDelay = TimeSpan.FromHours(1);
        });
        var app = builder.Build();
        app.MapYilianyunSandbox("/sandbox");
        await app.StartAsync();
        return new SandboxLoopback(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
