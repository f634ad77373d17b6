using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Yilianyun.Sandbox;

/// <summary>
/// The sandbox at its own address (<see cref="SandboxOptions.Url"/>), serving the platform's paths at the root as the
/// platform does, so an SDK in any language can use it unchanged. It is a second small web host inside the host that
/// registered the sandbox, sharing that host's sandbox (one state, one clock), not a copy of it.
/// </summary>
public sealed class SandboxListener(IServiceProvider services, IOptions<SandboxOptions> options, bool servePages, ILogger<SandboxListener> logger)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The address it listens on once started (the port chosen when the URL asked for port 0), or null.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.Url))
        {
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(options.Value.Url);
        Share(builder.Services);
        builder.Services.AddRouting();
        builder.Services.AddRazorComponents();
        var app = builder.Build();
        if (!servePages)
        {
            app.Use((context, next) => UnknownEndpoints.IsPage(context.Request.Path)
                ? UnknownEndpoints.AnswerAsync(context, context.Request.Path.Value!.TrimStart('/'), context.RequestServices.GetRequiredService<TimeProvider>())
                : next(context));
        }

        app.UseRouting();
        app.MapYilianyunSandbox("/");
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException exception)
        {
            // Another sandbox (a second portal on this machine) holds the address: this one still answers under its host.
            logger.LogWarning(exception, "The sandbox could not listen on {SandboxUrl}; it answers under its host's address only", options.Value.Url);
            await app.DisposeAsync();
            return;
        }

        _app = app;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        Address = addresses?.Select(a => new Uri(a)).FirstOrDefault();
        logger.LogInformation("The sandbox platform listens on {SandboxAddress}", Address);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app?.StopAsync(cancellationToken) ?? Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>The registering host's sandbox services and logging, handed to the listener's own container.</summary>
    private void Share(IServiceCollection shared)
    {
        shared.AddSingleton(services.GetRequiredService<ILoggerFactory>());
        shared.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        shared.AddSingleton(services.GetRequiredService<TimeProvider>());
        shared.AddSingleton(options);
        shared.AddSingleton(services.GetRequiredService<SandboxStore>());
        shared.AddSingleton(services.GetRequiredService<SandboxJournal>());
        shared.AddSingleton(services.GetRequiredService<SandboxFaults>());
        shared.AddSingleton(services.GetRequiredService<SandboxPushDispatcher>());
        shared.AddSingleton(services.GetRequiredService<SandboxPrinterClock>());
        shared.AddSingleton(services.GetRequiredService<SandboxAdmin>());
        shared.AddSingleton(services.GetRequiredService<SandboxApi>());
    }
}
