using Portal.Features.Printers;
using Portal.Features.Printing;

namespace Portal.Features.Callbacks;

/// <summary>What applying a verified push did, for its inbox row.</summary>
internal sealed record PushApplication(PushOutcome Outcome, string Detail, Guid? TenantId = null, Guid? PrinterId = null, Guid? JobId = null);

/// <summary>
/// Applies a verified push to the portal's data: finish and order decisions go to the job tracker, a status updates
/// the printer, a key request is noted. A push names an app and a machine code, not a tenant, so its printer is looked
/// up across tenants by (app, machine code); every change is then made in that printer's tenant.
/// </summary>
public sealed class PushApplier(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrintJobTracker tracker,
    LiveChanges changes,
    PrinterOnlineStates onlineStates,
    TimeProvider timeProvider,
    ILogger<PushApplier> logger)
{
    /// <summary>
    /// Applies a verified push: finish and order decisions go to the job tracker, a status updates the printer, a key
    /// request is noted. Safe to run again for the same push (replay): what is already so is left alone.
    /// </summary>
    internal async Task<PushApplication> ApplyAsync(PrinterApp app, YilianyunPush push)
    {
        var printer = await FindPrinterAsync(app.Id, push.MachineCode);
        if (printer is null)
        {
            return new PushApplication(PushOutcome.UnknownPrinter, $"No printer {push.MachineCode} of this app is connected here.");
        }

        using var companyScope = logger.BeginCompanyScope(printer.TenantId);

        switch (push)
        {
            case PrintFinishedPush finished:
            {
                var what = $"order {finished.OrderId} {(finished.Printed ? "printed" : $"finished with state {finished.State}")}";
                if (string.IsNullOrEmpty(finished.OriginId))
                {
                    // The platform's finish always carries origin_id, and the sign does not cover the body: an order id
                    // alone (easy to guess) must not finish a job.
                    return new PushApplication(PushOutcome.Ignored, $"{what}: no origin_id, so no job is matched.", printer.TenantId, printer.Id);
                }

                var result = await tracker.ApplyFinishAsync(new JobReport(app.Id, finished.MachineCode, finished.OrderId, finished.OriginId), finished.Printed,
                    JobUpdateSource.Push, CancellationToken.None);
                return FromTracker(result, printer, what);
            }

            case OrderDecisionPush decision:
            {
                var result = await tracker.ApplyOrderDecisionAsync(new JobReport(app.Id, decision.MachineCode, decision.OrderId, null), decision.Accepted, CancellationToken.None);
                return FromTracker(result, printer, $"order {decision.OrderId} {(decision.Accepted ? "accepted" : "rejected")} on the printer");
            }

            case PrinterStatusPush status:
                return await ApplyStatusAsync(printer, status);

            case KeyRequestPush request:
                return new PushApplication(PushOutcome.Ignored,
                    $"{(request.IsLongPress ? "Long" : "Short")} key press noted; the portal takes no action on key requests.", printer.TenantId, printer.Id);

            default:
                return new PushApplication(PushOutcome.Ignored, $"No handling for {push.Command}.", printer.TenantId, printer.Id);
        }
    }

    private static PushApplication FromTracker(JobTrackResult result, PrinterRef printer, string what)
    {
        if (!result.Found)
        {
            return new PushApplication(PushOutcome.Ignored, $"{what}: not a job sent by the portal.", printer.TenantId, printer.Id);
        }

        if (result.Mismatch)
        {
            return new PushApplication(PushOutcome.Ignored, $"{what}: {result.Detail}", result.TenantId, result.PrinterId, result.JobId);
        }

        return new PushApplication(result.Changed ? PushOutcome.Applied : PushOutcome.Ignored,
            result.Changed ? $"{what}{Suffix(result.Detail)}" : $"{what}: already up to date{Suffix(result.Detail)}",
            result.TenantId ?? printer.TenantId, result.PrinterId ?? printer.Id, result.JobId);
    }

    private static string Suffix(string? detail) => string.IsNullOrEmpty(detail) ? "" : $" ({detail})";

    private async Task<PushApplication> ApplyStatusAsync(PrinterRef printer, PrinterStatusPush status)
    {
        var state = status.Online switch
        {
            PrinterState.Online => PrinterOnlineState.Online,
            PrinterState.OutOfPaper => PrinterOnlineState.OutOfPaper,
            PrinterState.Offline => PrinterOnlineState.Offline,
            _ => PrinterOnlineState.Unknown,
        };
        // Pushes can arrive out of order: a status older than what the portal already knows does not overwrite it.
        var at = long.TryParse(status.PushTime, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
                 && seconds > 0 && seconds < DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : timeProvider.GetUtcNow();
        await using var db = await dbFactory.CreateForTenantAsync(printer.TenantId);
        if (!await onlineStates.SetAsync(db, printer.TenantId, printer.Id, state, at, skipIfOlder: true))
        {
            return new PushApplication(PushOutcome.Ignored, $"Printer status {state} from {at:u} is older than the state already known.", printer.TenantId, printer.Id);
        }

        changes.Publish(new LiveChange(printer.TenantId, null, printer.Id, LiveChange.PrinterKind));
        return new PushApplication(PushOutcome.Applied, $"Printer is now {state}.", printer.TenantId, printer.Id);
    }

    private sealed record PrinterRef(Guid Id, Guid TenantId);

    /// <summary>The printer holding this app's grant for the machine: a connected one before a revoked one.</summary>
    private async Task<PrinterRef?> FindPrinterAsync(Guid appId, string machineCode)
    {
        await using var db = await dbFactory.CreateCrossTenantAsync();
        return await db.Printers.AsNoTracking()
            .Where(p => p.AppId == appId && p.MachineCode == machineCode)
            .OrderBy(p => p.TokenState == PrinterTokenState.Revoked).ThenByDescending(p => p.CreatedAt)
            .Select(p => new PrinterRef(p.Id, p.TenantId))
            .FirstOrDefaultAsync();
    }
}
