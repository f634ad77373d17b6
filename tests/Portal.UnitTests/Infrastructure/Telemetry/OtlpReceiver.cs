using Microsoft.AspNetCore.Http;

namespace Portal.UnitTests.Infrastructure.Telemetry;

/// <summary>A collector stand-in on a loopback port: keeps each OTLP/HTTP export (<c>POST /v1/traces</c>, …) it receives.</summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, byte[] Body)> Exports { get; } = new();

    public string Address => _app.Urls.Single();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.Exports.Enqueue((context.Request.Path, body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Whether an export to <paramref name="path"/> carried <paramref name="text"/> (OTLP's protobuf keeps strings as UTF-8).</summary>
    public bool Received(string path, string text) =>
        Exports.Any(e => e.Path == path && Encoding.UTF8.GetString(e.Body).Contains(text, StringComparison.Ordinal));

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
