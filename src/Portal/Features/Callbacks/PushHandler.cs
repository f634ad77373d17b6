using Portal.Features.Printers;

namespace Portal.Features.Callbacks;

/// <summary>What became of one push: the inbox row and its outcome. <see cref="Retry"/> asks the platform to send it again.</summary>
public sealed record PushReceipt(long RecordId, PushOutcome Outcome, string? Detail, bool Retry = false);

/// <summary>
/// Receives the platform's pushes with the minimum done inline (the platform waits at most 3 seconds): read the fields,
/// verify the sign with the app named in the URL, check the push is fresh, claim the push's dedupe key
/// (<see cref="PushRecorder"/>), apply it (<see cref="PushApplier"/>), record the outcome. No platform call is made here.
/// The platform's sign covers only client id and push time, not the body. So a push must be fresh
/// (<see cref="PushOptions.FreshnessWindow"/>), is applied once (its dedupe key), and reaches only a printer held through
/// the app that signed it and a job sent to the machine it names (a finish also the job's own origin id).
/// </summary>
public sealed class PushHandler(
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterSecrets secrets,
    PushApplier applier,
    PushRecorder recorder,
    PortalMetrics metrics,
    IOptions<PushOptions> options,
    TimeProvider timeProvider,
    ILogger<PushHandler> logger)
{
    /// <summary>Larger bodies are not pushes (the documented ones are a few hundred bytes).</summary>
    public const int MaxBodyLength = 16 * 1024;

    private static readonly long MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>
    /// Verifies, de-duplicates, applies and records one push body received on the URL of <paramref name="command"/>;
    /// a null <paramref name="body"/> was longer than <see cref="MaxBodyLength"/>.
    /// </summary>
    public async Task<PushReceipt> ReceiveAsync(string clientId, string command, string? body)
    {
        var receipt = await HandleAsync(clientId, command, body);
        metrics.PushReceived(command, receipt.Outcome);
        return receipt;
    }

    private async Task<PushReceipt> HandleAsync(string clientId, string command, string? body)
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
        record.Fields = PushRecorder.StoredFields(fields);
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

        record.DedupeKey = PushRecorder.DedupeKey(app.Id, push);
        if (!await recorder.ClaimAsync(record))
        {
            record.Id = 0;
            record.DedupeKey = null;
            return await RecordAsync(record, PushOutcome.Duplicate, "The same push was received before; it was not applied again.", started);
        }

        try
        {
            var applied = await applier.ApplyAsync(app, push);
            return await recorder.CompleteAsync(record, applied, started);
        }
        catch (Exception e) when (e is DbException or DbUpdateException or InvalidOperationException or TimeoutException)
        {
            logger.LogError(e, "Push {Command} {RecordId} could not be applied", command, record.Id);
            // The key is given up, so the platform's next attempt (it retries on a non-OK answer) is applied afresh.
            return await recorder.GiveUpAsync(record, e, started);
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


    /// <summary>Records a push that is not applied; a rejection is also logged.</summary>
    private async Task<PushReceipt> RecordAsync(PushRecord record, PushOutcome outcome, string detail, long started)
    {
        var receipt = await recorder.RecordAsync(record, outcome, detail, started);
        if (outcome == PushOutcome.Rejected)
        {
            logger.LogWarning("Push {Command} for client {ClientId} rejected: {Detail}", record.Command, record.ClientId, detail);
        }

        return receipt;
    }
}
