using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Entities.Printers;
using Portal.Data.Tenancy;
using Portal.Features.Printers;
using Yilianyun;
using Yilianyun.Sandbox;

namespace Portal.Benchmarks.Circuits;

/// <summary>
/// The portal exactly as Program.cs composes it, on Kestrel at a loopback port, over a fresh data folder, with a merchant,
/// a company and its printers already in place, plus <c>GET /bench/heap</c>: this host's managed heap after full
/// collections and the circuits open. The endpoint exists only in this benchmark program; the product has no such path.
/// </summary>
internal static class CircuitsHost
{
    public const string Email = "circuits@portal.test";
    public const string Password = "Idle-list-42!";
    public const string HeapPath = "/bench/heap";
    public const string ComponentsPath = "/bench/components";

    public static async Task RunAsync(int port, string dataFolder, int printers)
    {
        // WebApplicationFactory finds the portal's content root through the manifest beside this program.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        using var portal = new HostFactory(dataFolder);
        portal.UseKestrel(port);
        portal.StartServer();
        await SeedAsync(portal.Services, printers);
        // The driver waits for this line.
        Console.WriteLine($"ready http://127.0.0.1:{port}/");

        var stop = new TaskCompletionSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.TrySetResult();
        });
        await stop.Task;
    }

    /// <summary>A confirmed merchant who owns a company with <paramref name="count"/> sandbox printers, connected by msign.</summary>
    private static async Task SeedAsync(IServiceProvider services, int count)
    {
        var now = DateTimeOffset.UtcNow;
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = Email, Email = Email, EmailConfirmed = true, CreatedAt = now };
        var created = await users.CreateAsync(user, Password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("The merchant was refused: " + string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var tenant = new Tenant { Id = Guid.CreateVersion7(), CompanyName = "Circuit Noodles", NormalizedName = "CIRCUIT NOODLES", CreatedAt = now };
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
        }

        PrinterApp app;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            app = await db.PrinterApps.AsNoTracking().FirstAsync(a => a.Kind == PrinterAppKind.Open && a.TenantId == null);
        }

        var secret = services.GetRequiredService<Portal.Infrastructure.Hosting.YilianyunSetup>().Apps.First(a => a.ClientId == app.ClientId).ClientSecret;
        var client = services.GetRequiredService<IYilianyunClientFactory>().Create(new YilianyunCredentials(app.ClientId, secret, YilianyunAppType.Open));
        var admin = services.GetRequiredService<SandboxAdmin>();
        var keeper = scope.ServiceProvider.GetRequiredService<PrinterTokenKeeper>();
        await using (var db = await dbFactory.CreateForTenantAsync(tenant.Id))
        {
            db.Memberships.Add(new Membership { TenantId = tenant.Id, UserId = user.Id, Role = TenantRole.Owner, JoinedAt = now });
            for (var i = 0; i < count; i++)
            {
                var machineCode = (4_004_000_000L + i).ToString(CultureInfo.InvariantCulture);
                var device = admin.CreatePrinter(new SandboxPrinterOptions { MachineCode = machineCode })
                             ?? throw new InvalidOperationException("The sandbox refused a printer.");
                var grant = await client.AuthorizeByMsignAsync(device.MachineCode, device.Msign);
                // Names in another order than the terminal numbers, so sorting by either column reorders the list.
                var printer = new Printer
                {
                    Id = Guid.CreateVersion7(), AppId = app.Id, MachineCode = grant.MachineCode,
                    Name = $"Counter {(i * 7 % count):D2}", CreatedAt = now,
                };
                keeper.ApplyGrant(printer, grant);
                db.Printers.Add(printer);
            }

            await db.SaveChangesAsync();
        }
    }

    private sealed class HostFactory(string dataFolder) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("Portal:DataFolder", dataFolder);
            // The sandbox answers under this portal's /sandbox only; its fixed developer address may be taken.
            builder.UseSetting("Yilianyun:Sandbox:Url", "");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureServices(services =>
            {
                services.AddSingleton<OpenCircuits>();
                services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<OpenCircuits>());
                services.AddSingleton<IStartupFilter, HeapEndpoint>();
            });
        }
    }

    /// <summary>Counts the circuits that are open and connected now, as the server sees them, and keeps them to count their components.</summary>
    private sealed class OpenCircuits : CircuitHandler
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Circuit> _circuits = new();
        private int _open;
        private int _connected;

        public int Open => Volatile.Read(ref _open);

        public int Connected => Volatile.Read(ref _connected);

        public ICollection<Circuit> Circuits => _circuits.Values;

        public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            _circuits[circuit.Id] = circuit;
            Interlocked.Increment(ref _open);
            return Task.CompletedTask;
        }

        public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            _circuits.TryRemove(circuit.Id, out _);
            Interlocked.Decrement(ref _open);
            return Task.CompletedTask;
        }

        public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _connected);
            return Task.CompletedTask;
        }

        public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
        {
            Interlocked.Decrement(ref _connected);
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// <c>GET /bench/heap</c>, ahead of the portal's pipeline and for loopback callers only: full blocking, compacting
    /// collections, then the managed heap in bytes and the circuits open and connected, as "heap open connected".
    /// </summary>
    private sealed class HeapEndpoint(OpenCircuits circuits) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(HeapPath, heap => heap.Run(async context =>
            {
                if (context.Connection.RemoteIpAddress is not { } address || !System.Net.IPAddress.IsLoopback(address))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                for (var i = 0; i < 3; i++)
                {
                    GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                }

                var bytes = GC.GetTotalMemory(forceFullCollection: true);
                await context.Response.WriteAsync(FormattableString.Invariant($"{bytes} {circuits.Open} {circuits.Connected}"));
            }));
            app.Map(ComponentsPath, count => count.Run(async context =>
            {
                if (context.Connection.RemoteIpAddress is not { } address || !System.Net.IPAddress.IsLoopback(address))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }

                var (counted, byType) = await ComponentCensus.CountAsync(circuits.Circuits);
                var total = byType.Values.Sum();
                var lines = byType.OrderByDescending(t => t.Value).ThenBy(t => t.Key, StringComparer.Ordinal)
                    .Select(t => FormattableString.Invariant($"{t.Key} {(double)t.Value / Math.Max(1, counted):F2}"));
                await context.Response.WriteAsync(FormattableString.Invariant($"{counted} {total}\n") + string.Join("\n", lines));
            }));
            next(app);
        };
    }

    /// <summary>
    /// The live components of each circuit, by type, read by reflection from the circuit's renderer (its
    /// <c>_componentStateById</c>) on the renderer's own dispatcher. Nothing public exposes them; this is a benchmark's
    /// look inside, and it fails loudly if a framework version renames what it reads.
    /// </summary>
#pragma warning disable BL0006 // the renderer's internals are exactly what this counts
    private static class ComponentCensus
    {
        private const System.Reflection.BindingFlags Instance =
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public;

        public static async Task<(int Circuits, Dictionary<string, int> ByType)> CountAsync(IEnumerable<Circuit> circuits)
        {
            var byType = new Dictionary<string, int>(StringComparer.Ordinal);
            var counted = 0;
            foreach (var circuit in circuits.ToList())
            {
                var host = Field(circuit, "_circuitHost");
                if (host.GetType().GetProperty("Renderer", Instance)?.GetValue(host) is not Microsoft.AspNetCore.Components.RenderTree.Renderer renderer)
                {
                    throw new InvalidOperationException("CircuitHost.Renderer not found.");
                }

                var names = await renderer.Dispatcher.InvokeAsync(() =>
                {
                    var states = (System.Collections.IDictionary)Field(renderer, "_componentStateById", typeof(Microsoft.AspNetCore.Components.RenderTree.Renderer));
                    var list = new List<string>(states.Count);
                    foreach (var state in states.Values)
                    {
                        var component = state!.GetType().GetProperty("Component", Instance)!.GetValue(state)!;
                        list.Add(Name(component.GetType()));
                    }

                    return list;
                });
                counted++;
                foreach (var name in names)
                {
                    byType[name] = byType.GetValueOrDefault(name) + 1;
                }
            }

            return (counted, byType);
        }

        private static object Field(object owner, string name, Type? declaredOn = null) =>
            (declaredOn ?? owner.GetType()).GetField(name, Instance)?.GetValue(owner)
            ?? throw new InvalidOperationException($"{owner.GetType().Name}.{name} not found.");

        private static string Name(Type type) => type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(",", type.GetGenericArguments().Select(Name)) + ">"
            : type.Name;
    }
#pragma warning restore BL0006
}
