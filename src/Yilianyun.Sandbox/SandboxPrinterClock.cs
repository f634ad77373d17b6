namespace Yilianyun.Sandbox;

/// <summary>
/// Moves virtual printers forward in time: a job prints once its delay has passed while the printer is online,
/// and stays unprinted while it is offline or out of paper. Driven by <see cref="Tick"/>, which every API request
/// and page calls (processing on read) and a background timer calls every <see cref="SandboxOptions.TickInterval"/>.
/// </summary>
public sealed class SandboxPrinterClock(
    SandboxStore store,
    SandboxPushDispatcher pushes,
    TimeProvider time)
{
    /// <summary>Prints every due job on online printers and sends their oauth_finish pushes. Returns how many printed.</summary>
    public int Tick()
    {
        var now = time.GetUtcNow();
        // Most ticks find nothing due; checking under a read keeps the state file from being rewritten for nothing.
        if (!store.Read(data => data.Index.AnyDue(now)))
        {
            return 0;
        }

        var printed = store.Write(data =>
        {
            var due = data.Index.Due(now).Where(j => data.FindPrinter(j.MachineCode)?.State == SandboxPrinterState.Online).ToList();
            var built = new List<SandboxPush>();
            foreach (var job in due)
            {
                job.Status = PrintJobStatus.Printed;
                job.PrintedAt = now;
                var push = PushBuilder.Build(data, job.ClientId, job.MachineCode, PushBuilder.Finish, now,
                [
                    new("order_id", job.Id.ToString(CultureInfo.InvariantCulture)),
                    new("state", "1"),
                    new("print_time", now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                    new("origin_id", job.OriginId),
                ]);
                if (push is not null)
                {
                    built.Add(push);
                }
            }

            // Enqueued under the lock, so anyone who waits for pushes after this tick sees them.
            built.ForEach(pushes.Enqueue);
            return due.Count;
        });

        return printed;
    }

    /// <summary>Switches a printer's state, pushes oauth_printStatus to the apps holding it, and releases held jobs.</summary>
    public bool SetState(string machineCode, SandboxPrinterState state)
    {
        // Jobs that came due before the switch printed before it.
        Tick();
        var now = time.GetUtcNow();
        var found = store.Write(data =>
        {
            var printer = data.FindPrinter(machineCode);
            if (printer is null)
            {
                return false;
            }

            if (printer.State == state)
            {
                return true;
            }

            printer.State = state;
            var built = PushBuilder.AppsHolding(data, printer)
                .Select(client => PushBuilder.Build(data, client, machineCode, PushBuilder.PrintStatus, now,
                    [new("online", ((int)state).ToString(CultureInfo.InvariantCulture))]))
                .OfType<SandboxPush>()
                .ToList();
            built.ForEach(pushes.Enqueue);
            return true;
        });

        Tick();
        return found;
    }

    /// <summary>
    /// Emulates a key press on the printer: <c>oauth_getOrder</c> (accept/reject of the newest order) or
    /// <c>oauth_request</c> (short/long press), sent to every app holding the printer.
    /// </summary>
    public int PressKey(string machineCode, string cmd, string state)
    {
        var now = time.GetUtcNow();
        var outgoing = store.Read(data =>
        {
            var printer = data.FindPrinter(machineCode);
            if (printer is null)
            {
                return [];
            }

            List<KeyValuePair<string, string>> fields = [new("state", state)];
            if (cmd == PushBuilder.GetOrder)
            {
                var newest = data.Index.JobsOf(machineCode).LastOrDefault();
                fields.Insert(0, new("order_id", newest?.Id.ToString(CultureInfo.InvariantCulture) ?? "0"));
            }

            return PushBuilder.AppsHolding(data, printer)
                .Select(client => PushBuilder.Build(data, client, machineCode, cmd, now, fields))
                .OfType<SandboxPush>()
                .ToList();
        });

        foreach (var push in outgoing)
        {
            pushes.Enqueue(push);
        }

        return outgoing.Count;
    }
}

/// <summary>Runs the printer clock on a timer.</summary>
internal sealed class SandboxBackgroundService(
    SandboxPrinterClock clock,
    IOptions<SandboxOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The cadence is real time on purpose: platform time (the injected TimeProvider) decides what is due,
        // and a fake clock advanced by days must not replay millions of timer periods.
        using var timer = new PeriodicTimer(options.Value.TickInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                clock.Tick();
            }
        }
        catch (OperationCanceledException)
        {
            // Host shutdown.
        }
    }
}
