using Portal.Infrastructure.Hosting;
using Yilianyun.Sandbox;

namespace Portal.Benchmarks;

/// <summary>The 易联云 sandbox on a free loopback port, so both sides of a benchmark pay for real HTTP.</summary>
internal static class BenchSandbox
{
    /// <summary>Starts the sandbox with <paramref name="app"/> registered; returns the host and the API's base URL.</summary>
    public static async Task<(WebApplication Host, string BaseUrl)> StartAsync(ConfiguredApp app, Action<SandboxOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddYilianyunSandbox(options =>
        {
            options.Apps.Add(new SandboxAppOptions { Name = app.Name, ClientId = app.ClientId, ClientSecret = app.ClientSecret, Type = SandboxAppType.Open, RedirectUri = app.RedirectUri });
            // Nothing prints during a run, so neither side pays for pushes.
            options.PrintDelay = TimeSpan.FromHours(1);
            configure?.Invoke(options);
        });
        var web = builder.Build();
        web.MapYilianyunSandbox("/sandbox");
        await web.StartAsync();
        return (web, web.Urls.First().TrimEnd('/') + "/sandbox");
    }
}
