using Portal.Features.Printers;
using Portal.Features.Printing;

namespace Portal.Features.Callbacks;

/// <summary>What became of one push: the inbox row and its outcome. <see cref="Retry"/> asks the platform to send it again.</summary>
public sealed record PushReceipt(long RecordId, PushOutcome Outcome, string? Detail, bool Retry = false);

/// <summary>What applying a verified push did, for its inbox row.</summary>
internal sealed record PushApplication(PushOutcome Outcome, string Detail, Guid? TenantId = null, Guid? PrinterId = null, Guid? JobId = null);

/// <summary>
/// Handles the platform's pushes with the minimum done inline (the platform waits at most 3 seconds): read the fields,
/// verify the sign with the app named in the URL, check the push is fresh, claim the push's dedupe key, apply it to
/// the portal's data, record the outcome. No platform call is made here. A push is a system event that names an app and
/// a machine code, not a tenant, so its printer is looked up across tenants by (app, machine code); every change is
/// then made in that printer's tenant.
/// The platform's sign covers only client id and push time, not the body. So a push must be fresh
/// (<see cref="PushOptions.FreshnessWindow"/>), is applied once (its dedupe key), and reaches only a printer held through
/// the app that signed it and a job sent to the machine it names (a finish also the job's own origin id).
/// </summary>
public sealed class PushHandler(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterSecrets secrets,
    PrintJobTracker tracker,
    LiveChanges changes,
    CallbackInboxChanges inboxChanges,
    IOptions<PushOptions> options,
    TimeProvider timeProvider,
    ILogger<PushHandler> logger)
{
    /// <summary>Larger bodies are not pushes (the documented ones are a few hundred bytes).</summary>
    public const int MaxBodyLength = 16 * 1024;

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    private const int MaxStoredFields = 20;
    private const int MaxStoredValueLength = 200;
    private const int MaxStoredLength = 4000;

    private static readonly JsonSerializerOptions StoredJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Verifies, de-duplicates, applies and records one push body received on the URL of <paramref name="command"/>;
    /// a null <paramref name="body"/> was longer than <see cref="MaxBodyLength"/>.
    /// </summary>
    public async Task<PushReceipt> ReceiveAsync(string clientId, string command, string? body)
    {
        var started = timeProvider.GetTimestamp();
        var record = new PushRecord { Command = command, ClientId = TextLength.Cut(clientId, 64), ReceivedAt = timeProvider.GetUtcNow(), Fields = "{}" };
        if (body is null)
        {
            return await RecordAsync(record, PushOutcome.Rejected, $"The body is longer than {MaxBodyLength} bytes; pushes are far smaller.", started);
        }

        Dictionary<string, string> fields;
        try
        {
            fields = YilianyunPushReader.ReadFields(body);
        }
        catch (FormatException)
        {
            return await RecordAsync(record, PushOutcome.Rejected, "The body is neither a form nor a JSON object.", started);
        }

        var sign = fields.GetValueOrDefault("sign");
        fields.Remove("sign");
        record.Fields = StoredFields(fields);
        record.MachineCode = TextLength.Cut(fields.GetValueOrDefault("machine_code"), 64);
        PrinterApp? app;
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            app = await db.PrinterApps.AsNoTracking().SingleOrDefaultAsync(a => a.ClientId == clientId);
        }

        if (app is null)
        {
            return await RecordAsync(record, PushOutcome.Rejected, "No app with this client id is registered here.", started);
        }

        record.AppId = app.Id;
        var pushTime = fields.GetValueOrDefault("push_time");
        if (string.IsNullOrEmpty(pushTime) || !RequestSignature.Verify(app.ClientId, pushTime, secrets.UnprotectAppSecret(app.ProtectedSecret), sign))
        {
            return await RecordAsync(record, PushOutcome.Rejected,
                string.IsNullOrEmpty(pushTime) ? "The push has no push_time, so its sign cannot be checked." : "The sign does not match the app's client id and secret.", started);
        }

        record.SignatureValid = true;
        if (Staleness(pushTime) is { } stale)
        {
            return await RecordAsync(record, PushOutcome.Rejected, stale, started);
        }

        if (fields.TryGetValue("cmd", out var sentCommand) && sentCommand != command)
        {
            return await RecordAsync(record, PushOutcome.Rejected, $"A {TextLength.Cut(sentCommand, 40)} push arrived on the {command} URL.", started);
        }

        // The URL says which push this is; the documented bodies do not always carry cmd.
        fields["cmd"] = command;
        YilianyunPush push;
        try
        {
            push = YilianyunPushReader.Parse(fields);
        }
        catch (FormatException e)
        {
            return await RecordAsync(record, PushOutcome.Rejected, e.Message, started);
        }

        record.DedupeKey = DedupeKey(app.Id, push);
        if (!await ClaimAsync(record))
        {
            record.Id = 0;
            record.DedupeKey = null;
            return await RecordAsync(record, PushOutcome.Duplicate, "The same push was received before; it was not applied again.", started);
        }

        try
        {
            var applied = await ApplyAsync(app, push);
            return await CompleteAsync(record, applied, started);
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            logger.LogError(e, "Push {Command} {RecordId} could not be applied", command, record.Id);
            // The key is given up, so the platform's next attempt (it retries on a non-OK answer) is applied afresh.
            await using var db = await dbFactory.CreateDbContextAsync();
            await db.PushRecords.Where(r => r.Id == record.Id).ExecuteUpdateAsync(r => r
                .SetProperty(x => x.Outcome, PushOutcome.Failed)
                .SetProperty(x => x.DedupeKey, (string?)null)
                .SetProperty(x => x.Detail, TextLength.Cut($"Handling failed ({e.GetType().Name}); the platform is asked to send it again.", 500))
                .SetProperty(x => x.HandlingMilliseconds, ElapsedMilliseconds(started)));
            inboxChanges.Publish();
            return new PushReceipt(record.Id, PushOutcome.Failed, null, Retry: true);
        }
    }

    /// <summary>Why <paramref name="pushTime"/> (Unix seconds) is too far from now to be trusted, or null when it is fresh.</summary>
    private string? Staleness(string pushTime)
    {
        if (!long.TryParse(pushTime, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > MaxUnixSeconds)
        {
            return "The push_time is not a Unix time in seconds.";
        }

        var window = options.Value.FreshnessWindow;
        var drift = timeProvider.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return drift.Duration() <= window ? null
            : $"The push_time is {(drift > TimeSpan.Zero ? "older" : "later")} than the server's clock allows ({window} either way); a captured push is not accepted again.";
    }

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

        switch (push)
        {
            case PrintFinishedPush finished:
            {
                var result = await tracker.ApplyPushedFinishAsync(app.Id, finished.MachineCode, finished.OrderId, finished.OriginId, finished.Printed, CancellationToken.None);
                return FromTracker(result, printer, $"order {finished.OrderId} {(finished.Printed ? "printed" : $"finished with state {finished.State}")}");
            }

            case OrderDecisionPush decision:
            {
                var result = await tracker.ApplyOrderDecisionAsync(app.Id, decision.MachineCode, decision.OrderId, decision.Accepted, CancellationToken.None);
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
        var updated = await db.Printers
            .Where(p => p.Id == printer.Id && (p.OnlineCheckedAt == null || p.OnlineCheckedAt <= at))
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.OnlineState, state).SetProperty(x => x.OnlineCheckedAt, at));
        if (updated == 0)
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

    /// <summary>
    /// The same event delivered twice has the same key. A finish or an order decision is keyed by its order and state
    /// (the platform may re-sign a retry with a new push time, and so could someone replaying a captured push; an order
    /// finishes once and a key pressed twice for one order decides nothing new); statuses and key presses repeat, so
    /// their push time is part of it.
    /// </summary>
    internal static string DedupeKey(Guid appId, YilianyunPush push)
    {
        var identity = push switch
        {
            // The origin id too: an altered copy naming another origin must not take the real finish's key.
            PrintFinishedPush f => $"{f.OrderId}\n{f.State}\n{f.OriginId}",
            OrderDecisionPush d => $"{d.OrderId}\n{d.State}",
            PrinterStatusPush s => $"{(int)s.Online}\n{s.PushTime}",
            KeyRequestPush r => $"{r.State}\n{r.PushTime}",
            _ => push.PushTime,
        };
        var text = $"{push.Command}\n{appId:N}\n{push.MachineCode}\n{identity}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>Inserts the row holding the dedupe key; false when an earlier delivery holds it.</summary>
    private async Task<bool> ClaimAsync(PushRecord record)
    {
        record.Outcome = PushOutcome.Failed;
        record.Detail = "Being handled.";
        await using var db = await dbFactory.CreateDbContextAsync();
        // Looked up first so an ordinary repeat (the platform retries) logs no failed insert; the index settles races.
        if (await db.PushRecords.AnyAsync(r => r.DedupeKey == record.DedupeKey))
        {
            return false;
        }

        db.PushRecords.Add(record);
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            // Only the unique index on the key makes this insert fail for a well-formed row; anything else is re-thrown.
            await using var check = await dbFactory.CreateDbContextAsync();
            if (await check.PushRecords.AnyAsync(r => r.DedupeKey == record.DedupeKey))
            {
                return false;
            }

            throw;
        }
    }

    private async Task<PushReceipt> CompleteAsync(PushRecord record, PushApplication applied, long started)
    {
        var milliseconds = ElapsedMilliseconds(started);
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.PushRecords.Where(r => r.Id == record.Id).ExecuteUpdateAsync(r => r
            .SetProperty(x => x.Outcome, applied.Outcome)
            .SetProperty(x => x.Detail, TextLength.Cut(applied.Detail, 500))
            .SetProperty(x => x.TenantId, applied.TenantId)
            .SetProperty(x => x.PrinterId, applied.PrinterId)
            .SetProperty(x => x.JobId, applied.JobId)
            .SetProperty(x => x.HandlingMilliseconds, milliseconds));
        inboxChanges.Publish();
        return new PushReceipt(record.Id, applied.Outcome, applied.Detail);
    }

    private async Task<PushReceipt> RecordAsync(PushRecord record, PushOutcome outcome, string detail, long started)
    {
        record.Outcome = outcome;
        record.Detail = TextLength.Cut(detail, 500);
        record.HandlingMilliseconds = ElapsedMilliseconds(started);
        await using var db = await dbFactory.CreateDbContextAsync();
        db.PushRecords.Add(record);
        await db.SaveChangesAsync();
        inboxChanges.Publish();
        if (outcome == PushOutcome.Rejected)
        {
            logger.LogWarning("Push {Command} for client {ClientId} rejected: {Detail}", record.Command, record.ClientId, detail);
        }

        return new PushReceipt(record.Id, outcome, detail);
    }

    private int ElapsedMilliseconds(long started) => (int)Math.Min(int.MaxValue, timeProvider.GetElapsedTime(started).TotalMilliseconds);

    /// <summary>The fields as received (the sign left out), bounded to the column so a hostile body cannot fill the inbox.</summary>
    internal static string StoredFields(IReadOnlyDictionary<string, string> fields)
    {
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        var json = "{}";
        foreach (var (name, value) in fields.Take(MaxStoredFields))
        {
            if (!kept.TryAdd(TextLength.Cut(name, 64)!, TextLength.Cut(value, MaxStoredValueLength)!))
            {
                continue;
            }

            var candidate = JsonSerializer.Serialize(kept, StoredJson);
            if (candidate.Length > MaxStoredLength)
            {
                break;
            }

            json = candidate;
        }

        return json;
    }
}
