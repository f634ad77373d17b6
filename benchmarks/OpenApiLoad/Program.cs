using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Features.OpenApi;

// The portal exactly as Program.cs composes it, on Kestrel at --port, with one endpoint the product does not have:
// GET /apis/bench/bare/{json|xml}, document 003's example user-info answer written as constant fields through the
// same writer, so it has the size of a real getUserInfo answer but none of its work. It runs after the portal's whole
// pipeline (edge, security headers, authentication, routing) and answers where no endpoint matched, so both endpoints
// pay for the same middleware.
//
//   dotnet OpenApiLoad.Benchmarks.dll --port 5791 --data /tmp/folder
internal static class BenchHost
{
    public static async Task Main(string[] args)
    {
        var port = int.Parse(Arg(args, "--port") ?? "5791", System.Globalization.CultureInfo.InvariantCulture);
        var data = Arg(args, "--data") ?? Path.Combine(Path.GetTempPath(), "openapi-bench-" + Guid.NewGuid().ToString("N"));

        // WebApplicationFactory finds the portal's content root through the manifest beside this program, read from the
        // current folder.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        using var portal = new BenchPortalFactory(data);
        portal.UseKestrel(port);
        portal.StartServer();
        Console.WriteLine($"Listening on http://127.0.0.1:{port}");

        var stop = new TaskCompletionSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        await stop.Task;
    }

    private static string? Arg(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}

internal sealed class BenchPortalFactory(string dataFolder) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Development: the example seed is refused in Production by design.
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:DataFolder", dataFolder);
        builder.UseSetting("OpenApi:SeedDocumentExamples", "true");
        builder.UseSetting("OpenApi:RequestsPerWindow", "10000000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, BaselineEndpoint>());
    }
}

/// <summary>Adds the baseline after the portal's pipeline: it answers requests that reached no endpoint.</summary>
internal sealed class BaselineEndpoint : IStartupFilter
{
    private const string Prefix = "/apis/bench/bare";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Run(context =>
        {
            if (!context.Request.Path.StartsWithSegments(Prefix, out var rest)
                || !OpenApiResponse.TryParseFormat(rest.Value?.TrimStart('/'), out var format))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return OpenApiResponse.WriteOkAsync(context, format, OpenApiExamples.UserInfo);
        });
    };
}
