using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities.Printing;
using Portal.Data.Tenancy;
using Portal.Features.Printers;
using Portal.Features.Printing;
using Portal.Infrastructure.Audit;
using Portal.Infrastructure.Tenancy;
using Yilianyun;

namespace Portal.Benchmarks;

/// <summary>
/// Where a submission's time goes: each step of <see cref="PrintJobSubmitter.SubmitAsync"/> run on its own, one at a
/// time, next to a bare print/index call and next to the same three rows written with plain ADO.NET (a floor for what
/// any data layer must pay). CPU time is this process's: the sandbox runs in a process of its own.
/// </summary>
internal static class PrintBreakdown
{
    public static async Task RunAsync(IServiceProvider services, Guid tenantId, Guid printerId, string machineCode,
        Func<Task> bareCall, string receipt, int count)
    {
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        Caller caller;
        Data.Entities.Printers.Printer printer;
        await using (var scope = services.CreateAsyncScope())
        {
            caller = (await scope.ServiceProvider.GetRequiredService<CallerAccessor>().GetAsync())!;
        }

        await using (var db = await factory.CreateForTenantAsync(tenantId))
        {
            printer = await db.Printers.AsNoTracking().Include(p => p.App).SingleAsync(p => p.Id == printerId);
        }

        var queued = new Queue<PrintJob>();
        // Order ids are unique per app, as the platform hands them out.
        var orderId = 0L;
        var connectionString = factory.CreateDbContext().Database.GetConnectionString()!;
        List<(string Name, int Count, Func<IServiceProvider, Task> Step)> steps = [];
        steps.Add(("bare print/index call", count, _ => bareCall()));
        steps.Add(("the submitter resolved in a fresh scope", count, sp => Task.FromResult(sp.GetRequiredService<PrintJobSubmitter>())));
        steps.Add(("order id check (across companies)", count, _ => services.GetRequiredService<PlatformOrderIds>().IsTakenAsync(printer.AppId, 42, Guid.Empty)));
        steps.Add(("caller check (user + memberships)", count, sp => sp.GetRequiredService<CallerAccessor>().GetAsync()));
        steps.Add(("printer read with its app", count, async _ =>
        {
            await using var db = await factory.CreateForTenantAsync(tenantId);
            await PrinterWithApp.GetAsync(db, printerId);
        }));
        // Twice the count: the Sent step below takes one of these Queued jobs per run.
        var commits = services.GetRequiredService<PrintJobCommits>();
        steps.Add(("job + event + audit, the shared commit", count * 2, async sp =>
        {
            var job = NewJob(tenantId, printer, caller, receipt);
            var audit = sp.GetRequiredService<AuditLog>();
            await commits.CommitAsync(tenantId, async writes =>
            {
                await writes.AddAsync(job);
                await writes.AddAsync(PrintJobEvent.Of(tenantId, job.Id, PrintJobEventKind.Created, DateTimeOffset.UtcNow, caller.DisplayName, null));
                await writes.AddAsync(audit.Entry(writes.Db, tenantId, caller, "print.submitted", printer.Name, job.OriginId));
                return true;
            });
            queued.Enqueue(job);
        }));
        steps.Add(("the same rows, plain ADO.NET", count, _ => InsertRawAsync(connectionString, NewJob(tenantId, printer, caller, receipt), caller)));
        steps.Add(("print/index via the token keeper", count, sp => sp.GetRequiredService<PrinterTokenKeeper>().CallAsync(printer, (client, token) => client.PrintTextAsync(token, new PrintTextRequest(machineCode, receipt, Guid.NewGuid().ToString("N"))))));
        steps.Add(("Sent update + event, the shared commit", count, async _ =>
        {
            var job = queued.Dequeue();
            var order = ++orderId;
            await commits.CommitAsync(tenantId, async writes =>
            {
                var now = DateTimeOffset.UtcNow;
                var taken = await writes.IsOrderIdTakenAsync(job.AppId, order, job.Id);
                await writes.MarkSentAsync(job, taken ? null : order, now);
                await writes.AddAsync(PrintJobEvent.Of(tenantId, job.Id, PrintJobEventKind.Sent, now, null, null));
                return true;
            });
        }));
        steps.Add(("whole submission (PrintJobSubmitter)", count, sp =>
            sp.GetRequiredService<PrintJobSubmitter>().SubmitAsync(new PrintRequest([printerId], PrintJobKind.Text, receipt))));

        // One round over every step first, so the measured round runs on code the JIT has finished optimizing.
        foreach (var (name, times, step) in steps)
        {
            await RepeatAsync(services, times, step);
        }

        Console.WriteLine($"== one at a time, {count} of each ==");
        foreach (var (name, times, step) in steps)
        {
            var process = Process.GetCurrentProcess();
            var (cpu, allocated) = (process.TotalProcessorTime, GC.GetTotalAllocatedBytes());
            var watch = Stopwatch.StartNew();
            await RepeatAsync(services, times, step);
            watch.Stop();
            process.Refresh();
            Console.WriteLine($"{name,-38} {watch.Elapsed.TotalMilliseconds / times,6:F2} ms wall {(process.TotalProcessorTime - cpu).TotalMilliseconds / times,6:F2} ms CPU {(GC.GetTotalAllocatedBytes() - allocated) / times / 1024,5} KB");
        }
    }

    /// <summary>Runs <paramref name="step"/> <paramref name="times"/> times, each in a fresh scope as a page's call would be.</summary>
    private static async Task RepeatAsync(IServiceProvider services, int times, Func<IServiceProvider, Task> step)
    {
        for (var i = 0; i < times; i++)
        {
            await using var scope = services.CreateAsyncScope();
            await step(scope.ServiceProvider);
        }
    }

    private static PrintJob NewJob(Guid tenantId, Data.Entities.Printers.Printer printer, Caller caller, string receipt) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        PrinterId = printer.Id,
        AppId = printer.AppId,
        OriginId = Guid.NewGuid().ToString("N"),
        Kind = PrintJobKind.Text,
        Content = receipt,
        Copies = 1,
        State = PrintJobState.Queued,
        CreatedByUserId = caller.UserId,
        CreatedByName = caller.DisplayName,
        CreatedAt = DateTimeOffset.UtcNow,
        Version = Guid.NewGuid(),
    };

    private static async Task InsertRawAsync(string connectionString, PrintJob job, Caller caller)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = connection.BeginTransaction();
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO PrintJobs (Id, TenantId, PrinterId, AppId, OriginId, Kind, Content, Copies, State, CreatedByUserId, CreatedByName, CreatedAt, Version)
            VALUES ($id, $tenant, $printer, $app, $origin, 0, $content, 1, 0, $user, $name, $at, $version);
            INSERT INTO PrintJobEvents (TenantId, JobId, At, Kind, ActorName) VALUES ($tenant, $id, $at, 0, $name);
            INSERT INTO AuditEntries (TenantId, ActorUserId, ActorName, Action, Target, Detail, Succeeded, CrossTenant, At)
            VALUES ($tenant, $user, $name, 'print.submitted', 'Bench', $origin, 1, 0, $at);
            """;
        command.Parameters.AddWithValue("$id", job.Id.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$tenant", job.TenantId.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$printer", job.PrinterId.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$app", job.AppId.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$origin", job.OriginId);
        command.Parameters.AddWithValue("$content", job.Content);
        command.Parameters.AddWithValue("$user", caller.UserId);
        command.Parameters.AddWithValue("$name", caller.DisplayName);
        command.Parameters.AddWithValue("$at", job.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$version", job.Version.ToString().ToUpperInvariant());
        await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }
}
