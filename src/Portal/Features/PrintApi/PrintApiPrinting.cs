using Portal.Features.Printing;

namespace Portal.Features.PrintApi;

/// <summary>
/// Printing and cancelling through the API with the portal's own services, so every rule of theirs holds (the job is
/// stored before the platform is called, its origin id makes a repeat harmless, the receipt is validated). On top, the
/// <c>Idempotency-Key</c> header: the same key with the same request answers the first job; with another request, 422.
/// </summary>
public sealed class PrintApiPrinting(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrintApiReads reads,
    PrintJobSubmitter submitter,
    PrintJobCancellation cancellation,
    TimeProvider timeProvider)
{
    public const int MaxIdempotencyKeyLength = 255;
    public const int MaxOriginIdLength = 64;

    /// <param name="kind">What <paramref name="request"/>'s content is (the endpoint has read its <c>kind</c>).</param>
    public async Task<PrintApiAnswer<PrintApiJob>> CreateAsync(Guid apiKeyId, Guid printerId, PrintJobKind kind, PrintApiJobRequest request, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        if (await reads.HasPrinterAsync(printerId, cancellationToken) is not { Succeeded: true, Value: true })
        {
            return PrintApiAnswer<PrintApiJob>.Refuse(PrintApiProblem.NotFound, "There is no such printer.");
        }

        var claimed = await gate.InCompanyAsync(async (_, tenantId) =>
            ServiceResult<bool>.Ok(idempotencyKey is null || await ClaimAsync(apiKeyId, tenantId, idempotencyKey, Fingerprint(printerId, kind, request), cancellationToken)),
            cancellationToken);
        if (!claimed.Succeeded)
        {
            return PrintApiAnswer<PrintApiJob>.Refuse(PrintApiProblem.Unauthorized, claimed.Error!);
        }

        if (!claimed.Value)
        {
            return PrintApiAnswer<PrintApiJob>.Refuse(PrintApiProblem.IdempotencyKeyReused,
                "This Idempotency-Key was used with another request (another printer or body). Use a new key for a new job.");
        }

        // The key the submitter derives the job's origin id from: a repeat finds the job the first request made.
        var submissionKey = idempotencyKey is not null ? $"idempotency|{apiKeyId:N}|{idempotencyKey}"
            : request.OriginId is not null ? $"origin|{request.OriginId}"
            : null;
        if (submissionKey is not null && await EarlierJobAsync(printerId, submissionKey, cancellationToken) is { } earlier)
        {
            return new PrintApiAnswer<PrintApiJob>(earlier) { Repeated = true };
        }

        var submitted = await submitter.SubmitAsync(new PrintRequest([printerId], kind, request.Content ?? "", request.Copies ?? 1) { SubmissionKey = submissionKey },
            cancellationToken);
        if (!submitted.Succeeded)
        {
            return PrintApiAnswer<PrintApiJob>.Refuse(PrintApiProblem.InvalidRequest, submitted.Error!);
        }

        var item = submitted.Value!.Items[0];
        if (item.JobId is not { } jobId || (await reads.JobAsync(jobId, cancellationToken)).Value is not { } job)
        {
            return PrintApiAnswer<PrintApiJob>.Refuse(PrintApiProblem.CannotPrint, item.Message ?? "The printer cannot print.");
        }

        return new PrintApiAnswer<PrintApiJob>(job);
    }

    /// <summary>Cancels an unprinted job with the portal's cancellation (<c>printer/cancelone</c>).</summary>
    public async Task<PrintApiAnswer<PrintApiJob>> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if ((await reads.JobAsync(jobId, cancellationToken)).Value is null)
        {
            return PrintApiAnswer<PrintApiJob>.Refuse(PrintApiProblem.NotFound, "There is no such job.");
        }

        var cancelled = await cancellation.CancelAsync(jobId, cancellationToken);
        var job = (await reads.JobAsync(jobId, cancellationToken)).Value!;
        return cancelled.Succeeded ? new PrintApiAnswer<PrintApiJob>(job) : PrintApiAnswer<PrintApiJob>.Refuse(PrintApiProblem.CannotCancel, cancelled.Error!);
    }

    /// <summary>
    /// Records the first use of <paramref name="key"/>; true when it is new or was used with the same request. The unique
    /// index decides between two requests racing with one key.
    /// </summary>
    private async Task<bool> ClaimAsync(Guid apiKeyId, Guid tenantId, string key, byte[] fingerprint, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        if (await UsedWithAsync(db, apiKeyId, tenantId, key, cancellationToken) is { } used)
        {
            return used.AsSpan().SequenceEqual(fingerprint);
        }

        db.PrintApiIdempotencyKeys.Add(new PrintApiIdempotencyKey
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            ApiKeyId = apiKeyId,
            Key = key,
            Fingerprint = fingerprint,
            CreatedAt = timeProvider.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another request claimed the key first: theirs decides.
            await using var again = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var theirs = await UsedWithAsync(again, apiKeyId, tenantId, key, cancellationToken) ?? throw new InvalidOperationException("The idempotency key could not be stored.");
            return theirs.AsSpan().SequenceEqual(fingerprint);
        }
    }

    private static Task<byte[]?> UsedWithAsync(PortalDbContext db, Guid apiKeyId, Guid tenantId, string key, CancellationToken cancellationToken) =>
        db.PrintApiIdempotencyKeys.AsNoTracking()
            .Where(i => i.TenantId == tenantId && i.ApiKeyId == apiKeyId && i.Key == key)
            .Select(i => i.Fingerprint)
            .SingleOrDefaultAsync(cancellationToken);

    private async Task<PrintApiJob?> EarlierJobAsync(Guid printerId, string submissionKey, CancellationToken cancellationToken)
    {
        var earlier = await gate.InCompanyAsync(async (_, tenantId) =>
        {
            var originId = PrintJobSubmitter.OriginIdFor(tenantId, printerId, submissionKey);
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            return ServiceResult<Guid?>.Ok(await db.PrintJobs.Where(j => j.TenantId == tenantId && j.PrinterId == printerId && j.OriginId == originId)
                .Select(j => (Guid?)j.Id).SingleOrDefaultAsync(cancellationToken));
        }, cancellationToken);
        return earlier.Value is { } jobId ? (await reads.JobAsync(jobId, cancellationToken)).Value : null;
    }

    /// <summary>
    /// A text request hashes as it did before pictures existed, so Idempotency-Keys stored then still match their repeats;
    /// a picture adds its kind, so the same content sent as text and as a picture never count as the same request.
    /// </summary>
    private static byte[] Fingerprint(Guid printerId, PrintJobKind kind, PrintApiJobRequest request) =>
        SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(kind == PrintJobKind.Text
            ? new object?[] { printerId, request.Content, request.Copies ?? 1, request.OriginId }
            : new object?[] { printerId, request.Content, request.Copies ?? 1, request.OriginId, PrintApiNames.Of(kind) }));
}
