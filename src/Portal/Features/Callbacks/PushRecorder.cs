namespace Portal.Features.Callbacks;

/// <summary>
/// Writes each push's row in the callback inbox: a push turned away in one insert; an accepted one first claims its
/// dedupe key (so it is applied once), then gets its outcome, or gives the key up when handling failed so the
/// platform's next attempt is applied afresh. Every write tells open inbox pages.
/// </summary>
public sealed class PushRecorder(
    IDbContextFactory<PortalDbContext> dbFactory,
    CallbackInboxChanges inboxChanges,
    TimeProvider timeProvider)
{
    private const int MaxStoredFields = 20;
    private const int MaxStoredValueLength = 200;
    private const int MaxStoredLength = 4000;

    private static readonly JsonSerializerOptions StoredJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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
    internal async Task<bool> ClaimAsync(PushRecord record)
    {
        record.Outcome = PushOutcome.Failed;
        record.Detail = "Being handled.";
        await using var db = await dbFactory.CreateDbContextAsync();
        // A repeat (the platform retries, or sends twice at once) loses to the unique key without an error: through
        // SaveChanges the violation would be logged as a failed command. SQLite and PostgreSQL both read this statement;
        // the time goes through the model's converter (ticks on SQLite), and the Guid columns are set afterwards by EF.
        var receivedAt = db.Model.FindEntityType(typeof(PushRecord))!.FindProperty(nameof(PushRecord.ReceivedAt))!.GetTypeMapping().Converter is { } converter
            ? converter.ConvertToProvider(record.ReceivedAt)
            : record.ReceivedAt;
        var ids = await db.Database.SqlQuery<long>($"""
            INSERT INTO "PushRecords" ("ReceivedAt", "Command", "ClientId", "MachineCode", "SignatureValid", "DedupeKey", "Fields", "Outcome", "Detail", "HandlingMilliseconds")
            VALUES ({receivedAt}, {record.Command}, {record.ClientId}, {record.MachineCode}, {record.SignatureValid}, {record.DedupeKey}, {record.Fields}, {(int)record.Outcome}, {record.Detail}, 0)
            ON CONFLICT DO NOTHING
            RETURNING "Id" AS "Value"
            """).ToListAsync();
        if (ids.Count == 0)
        {
            return false;
        }

        record.Id = ids[0];
        await db.PushRecords.Where(r => r.Id == record.Id).ExecuteUpdateAsync(r => r.SetProperty(x => x.AppId, record.AppId));
        return true;
    }

    /// <summary>Stores what applying the claimed push did.</summary>
    internal async Task<PushReceipt> CompleteAsync(PushRecord record, PushApplication applied, long started)
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

    /// <summary>Marks the claimed push Failed and gives its dedupe key up; the platform is asked to send it again.</summary>
    internal async Task<PushReceipt> GiveUpAsync(PushRecord record, Exception error, long started)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.PushRecords.Where(r => r.Id == record.Id).ExecuteUpdateAsync(r => r
            .SetProperty(x => x.Outcome, PushOutcome.Failed)
            .SetProperty(x => x.DedupeKey, (string?)null)
            .SetProperty(x => x.Detail, TextLength.Cut($"Handling failed ({error.GetType().Name}); the platform is asked to send it again.", 500))
            .SetProperty(x => x.HandlingMilliseconds, ElapsedMilliseconds(started)));
        inboxChanges.Publish();
        return new PushReceipt(record.Id, PushOutcome.Failed, null, Retry: true);
    }

    /// <summary>Inserts the row of a push that was not applied (rejected or a duplicate) with its outcome.</summary>
    internal async Task<PushReceipt> RecordAsync(PushRecord record, PushOutcome outcome, string detail, long started)
    {
        record.Outcome = outcome;
        record.Detail = TextLength.Cut(detail, 500);
        record.HandlingMilliseconds = ElapsedMilliseconds(started);
        await using var db = await dbFactory.CreateDbContextAsync();
        db.PushRecords.Add(record);
        await db.SaveChangesAsync();
        inboxChanges.Publish();
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
