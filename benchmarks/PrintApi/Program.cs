using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Entities.PrintApi;
using Portal.Data.Entities.Printers;
using Portal.Data.Entities.Printing;
using Portal.Data.Tenancy;
using Portal.Features.Companies;
using Portal.Features.PrintApi;
using Portal.Features.Printers;
using Portal.Features.Printing;
using Portal.Infrastructure.Hosting;
using Yilianyun;
using Yilianyun.Sandbox;

// A print through the print API (POST /api/v1/printers/{id}/jobs: key lookup, scope policy, rate limiter, JSON, the
// problem mapping) against the same print through the service layer (PrintJobSubmitter, as the print page calls it),
// in one portal (Program.cs through WebApplicationFactory) printing on its own in-process sandbox. Both sides store the
// job, make the print/index call and mark the job Sent; the HTTP side's requests go through the in-memory test
// server, so the ratio is the API's own cost, not a socket's. Rounds alternate which side goes first; the figure is
// the median of the rounds' ratios (API submissions/s ÷ service submissions/s).
//
//   dotnet benchmarks/PrintApi/bin/Release/net10.0/PrintApi.Benchmarks.dll [--prints 500 --rounds 4 --warm-up 1000 --concurrency 8 --printers 20 --figures]
internal static class PrintApiBenchmark
{
    private const string Receipt = "<FS2><center>Bench Noodles</center></FS2>\n<table><tr><td>牛肉面</td><td>x2</td><td>36.00</td></tr></table>\n<QR>https://bench.test/o/1</QR>";

    public static async Task Main(string[] args)
    {
        var prints = Arg(args, "--prints", 500);
        var rounds = Math.Max(1, Arg(args, "--rounds", 4));
        var warmUp = Arg(args, "--warm-up", 1_000);
        var concurrency = Arg(args, "--concurrency", 8);
        var printerCount = Arg(args, "--printers", 20);

        var data = Path.Combine(Path.GetTempPath(), "portal-print-api-bench-" + Guid.NewGuid().ToString("N"));
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var portal = new BenchApiPortal(data);
        using var api = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost/") });

        var (ownerId, tenantId, printerIds) = await SeedAsync(portal, printerCount);
        var key = await AsOwnerAsync(portal, ownerId, async services =>
        {
            var created = await services.GetRequiredService<PrintApiKeyService>().CreateCompanyKeyAsync("benchmark",
                PrintApiScopes.PrintersRead | PrintApiScopes.JobsRead | PrintApiScopes.JobsWrite, null);
            return created.Value?.Key ?? throw new InvalidOperationException(created.Error);
        });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        Console.WriteLine($"== {prints} prints to {printerIds.Count} printers per side and round, {rounds} round(s), concurrency {concurrency}, in-process sandbox ==");
        await RunServiceAsync(warmUp);
        await RunApiAsync(warmUp);

        var serviceRuns = new List<(TimeSpan Elapsed, double CpuMs)>();
        var apiRuns = new List<(TimeSpan Elapsed, double CpuMs)>();
        for (var round = 0; round < rounds; round++)
        {
            var apiFirst = round % 2 == 0;
            if (apiFirst)
            {
                apiRuns.Add(await MeasureAsync(RunApiAsync));
                serviceRuns.Add(await MeasureAsync(RunServiceAsync));
            }
            else
            {
                serviceRuns.Add(await MeasureAsync(RunServiceAsync));
                apiRuns.Add(await MeasureAsync(RunApiAsync));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round + 1} ({(apiFirst ? "api" : "service")} first): api {prints / apiRuns[^1].Elapsed.TotalSeconds:F0}/s, "
                + $"service {prints / serviceRuns[^1].Elapsed.TotalSeconds:F0}/s, ratio {serviceRuns[^1].Elapsed / apiRuns[^1].Elapsed:F2}×"));
        }

        var ratios = apiRuns.Zip(serviceRuns, (a, s) => s.Elapsed / a.Elapsed).Order().ToList();
        var ratio = ratios[ratios.Count / 2];
        if (ratios.Count % 2 == 0)
        {
            ratio = (ratios[ratios.Count / 2 - 1] + ratios[ratios.Count / 2]) / 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"api vs service: median of rounds {ratio:F2}× (spread {ratios[0]:F2}–{ratios[^1]:F2}×); CPU per print: api {apiRuns.Average(r => r.CpuMs):F2} ms, service {serviceRuns.Average(r => r.CpuMs):F2} ms"));
        await CheckAsync(portal, tenantId, (warmUp + prints * rounds) * 2);
        if (args.Contains("--figures"))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure api-print-ratio {ratio:F2}"));
        }

        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }

        async Task<(TimeSpan Elapsed, double CpuMs)> MeasureAsync(Func<int, Task> run)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            await run(prints);
            watch.Stop();
            return (watch.Elapsed, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / prints);
        }

        Task RunServiceAsync(int count) =>
            Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
            {
                var result = await AsOwnerAsync(portal, ownerId, services => services.GetRequiredService<PrintJobSubmitter>().SubmitAsync(
                    new PrintRequest([printerIds[i % printerIds.Count]], PrintJobKind.Text, Receipt) { SubmissionKey = Guid.NewGuid().ToString("N") }, ct));
                if (result.Value?.Items.Single().State != PrintJobState.Sent)
                {
                    throw new InvalidOperationException(result.Error ?? result.Value?.Items.Single().Message ?? "A print was not sent.");
                }
            });

        Task RunApiAsync(int count) =>
            Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
            {
                using var response = await api.PostAsJsonAsync($"api/v1/printers/{printerIds[i % printerIds.Count]}/jobs", new { content = Receipt }, ct);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"The API answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                }
            });
    }

    /// <summary>An Owner with a company and <paramref name="printerCount"/> printers connected by msign on the sandbox.</summary>
    private static async Task<(string OwnerId, Guid TenantId, List<Guid> PrinterIds)> SeedAsync(BenchApiPortal portal, int printerCount)
    {
        var factory = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var owner = new PortalUser { UserName = "api@bench.test", Email = "api@bench.test", EmailConfirmed = true, CreatedAt = DateTimeOffset.UtcNow };
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Users.Add(owner);
            await db.SaveChangesAsync();
        }

        var tenantId = await AsOwnerAsync(portal, owner.Id, async services =>
            (await services.GetRequiredService<TenantService>().CreateAsync(new TenantProfileInput { CompanyName = "Bench Noodles" })).Value);

        var app = portal.Services.GetRequiredService<YilianyunSetup>().Apps[0];
        var client = portal.Services.GetRequiredService<IYilianyunClientFactory>().Create(new YilianyunCredentials(app.ClientId, app.ClientSecret, YilianyunAppType.Open));
        var admin = portal.Services.GetRequiredService<SandboxAdmin>();
        var printerIds = new List<Guid>();
        await using var scope = portal.Services.CreateAsyncScope();
        var keeper = scope.ServiceProvider.GetRequiredService<PrinterTokenKeeper>();
        await using (var db = await factory.CreateForTenantAsync(tenantId))
        {
            var appId = (await db.PrinterApps.AsNoTracking().FirstAsync(a => a.FromConfiguration)).Id;
            for (var i = 0; i < printerCount; i++)
            {
                var device = admin.CreatePrinter(new SandboxPrinterOptions { MachineCode = (4_700_000_000L + i).ToString(CultureInfo.InvariantCulture) })
                             ?? throw new InvalidOperationException("The sandbox refused a printer.");
                var grant = await client.AuthorizeByMsignAsync(device.MachineCode, device.Msign);
                var printer = new Printer { Id = Guid.CreateVersion7(), AppId = appId, MachineCode = grant.MachineCode, Name = $"Bench {grant.MachineCode}", CreatedAt = DateTimeOffset.UtcNow };
                keeper.ApplyGrant(printer, grant);
                db.Printers.Add(printer);
                printerIds.Add(printer.Id);
            }

            await db.SaveChangesAsync();
        }

        return (owner.Id, tenantId, printerIds);
    }

    /// <summary>Every submission of both sides is stored as one Sent job.</summary>
    private static async Task CheckAsync(BenchApiPortal portal, Guid tenantId, int expected)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateForTenantAsync(tenantId);
        var sent = await db.PrintJobs.CountAsync(j => j.State == PrintJobState.Sent);
        var all = await db.PrintJobs.CountAsync();
        if (sent != expected || all != expected)
        {
            throw new InvalidOperationException($"{expected} submissions, but {all} jobs stored and {sent} of them Sent.");
        }

        Console.WriteLine($"checked: {expected} submissions stored as {sent} Sent jobs");
    }

    /// <summary>Runs <paramref name="work"/> in a scope of its own, signed in as <paramref name="userId"/> (as a circuit is).</summary>
    private static async Task<T> AsOwnerAsync<T>(BenchApiPortal portal, string userId, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        ((IHostEnvironmentAuthenticationStateProvider)scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>()).SetAuthenticationState(
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "bench")))));
        return await work(scope.ServiceProvider);
    }

    private static int Arg(string[] args, string name, int fallback) =>
        args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}

/// <summary>
/// The portal as Program.cs composes it, on a fresh data folder, with its sandbox inside it: in memory (no state file),
/// nothing ever finishing printing (so no pushes), no job cap, the API's rate limit out of the way, and the platform
/// client talking to the in-memory server.
/// </summary>
internal sealed class BenchApiPortal(string dataFolder) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:DataFolder", dataFolder);
        builder.UseSetting("Yilianyun:Sandbox:Url", "");
        builder.UseSetting("Printing:Enabled", "false");
        builder.UseSetting("PrintApi:RequestsPerWindow", "1000000");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureTestServices(services =>
        {
            services.PostConfigure<SandboxOptions>(options =>
            {
                options.StateFile = null;
                options.PrintDelay = TimeSpan.FromHours(1);
                options.MaxJobsPerPrinter = 1_000_000;
            });
            services.AddHttpClient(YilianyunServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler());
        });
    }
}
