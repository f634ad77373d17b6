using System.Threading.Channels;

namespace Portal.Features.Printing;

/// <summary>
/// Group commit for the print path. A submission commits twice: its job before the platform call and the outcome
/// after it. With many in flight, those commits queued one by one behind the database's writer (SQLite takes one at a
/// time), and the waiting cost more than the writing. Here one loop takes every write waiting, one company's at a time,
/// into one transaction on a context bound to that company, where each runs its statements (<see cref="PrintJobWrites"/>);
/// each caller's task completes once its write is committed, so nothing is acknowledged before it is durable. When a
/// shared commit fails, it is rolled back and its writes run again one by one, so a failure (a repeated origin id) is
/// only its own write's.
/// </summary>
/// <remarks>
/// A write runs on the loop: it runs statements on the <see cref="PrintJobWrites"/> it is given and must not wait for
/// another commit here. It may run twice (the second time on a fresh context after a shared commit failed), so it builds
/// its rows inside. Once queued it is committed even if its caller stops waiting: a job stored then is sent by the poller.
/// </remarks>
public sealed class PrintJobCommits : IAsyncDisposable, IDisposable
{
    /// <summary>The most writes in one transaction: enough to empty the queue under load, small enough to keep a commit short.</summary>
    internal const int MostPerCommit = 64;

    private readonly Channel<PendingWrite> _waiting = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IDbContextFactory<PortalDbContext> _dbFactory;
    private readonly ILogger<PrintJobCommits> _logger;
    private readonly Task _loop;

    private readonly TimeSpan _sessionIdleTime;

    /// <summary>The kept session (<see cref="SessionForAsync"/>): statements on a context bound to its company. Only the loop touches it.</summary>
    private PrintJobWrites? _session;

    public PrintJobCommits(IDbContextFactory<PortalDbContext> dbFactory, ILogger<PrintJobCommits> logger)
        : this(dbFactory, logger, TimeSpan.FromSeconds(30))
    {
    }

    /// <param name="sessionIdleTime">How long the loop keeps an idle company's session (<see cref="SessionForAsync"/>).</param>
    internal PrintJobCommits(IDbContextFactory<PortalDbContext> dbFactory, ILogger<PrintJobCommits> logger, TimeSpan sessionIdleTime)
    {
        _dbFactory = dbFactory;
        _logger = logger;
        _sessionIdleTime = sessionIdleTime;
        _loop = Task.Run(CommitWaitingAsync);
    }

    /// <summary>Runs <paramref name="write"/> for <paramref name="tenantId"/> in a shared commit; completes with its result once committed.</summary>
    public Task<T> CommitAsync<T>(Guid tenantId, Func<PrintJobWrites, Task<T>> write)
    {
        var pending = new PendingWrite<T>(tenantId, write);
        if (!_waiting.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(PrintJobCommits));
        }

        return pending.Committed;
    }

    /// <summary>Commits what is still waiting, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _loop;
    }

    /// <summary>The same, for a container disposed synchronously.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task CommitWaitingAsync()
    {
        var batch = new List<PendingWrite>(MostPerCommit);
        try
        {
            while (await WaitForWritesAsync())
            {
                while (batch.Count < MostPerCommit && _waiting.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                foreach (var company in batch.GroupBy(w => w.TenantId))
                {
                    await CommitCompanyAsync(company.Key, [.. company]);
                }

                batch.Clear();
            }
        }
        finally
        {
            await EndSessionAsync();
        }
    }

    /// <summary>
    /// Waits for writes. A session left idle that long is ended meanwhile: a server, a pooler or a firewall may close a
    /// connection nobody uses (Npgsql's pool lets its own idle ones go after 300 s), and the next write must not find it dead.
    /// </summary>
    private async Task<bool> WaitForWritesAsync()
    {
        if (_waiting.Reader.TryPeek(out _))
        {
            return true;
        }

        if (_session is not null)
        {
            using var idle = new CancellationTokenSource(_sessionIdleTime);
            try
            {
                return await _waiting.Reader.WaitToReadAsync(idle.Token);
            }
            catch (OperationCanceledException)
            {
                await EndSessionAsync();
            }
        }

        return await _waiting.Reader.WaitToReadAsync();
    }

    private async Task CommitCompanyAsync(Guid tenantId, IReadOnlyList<PendingWrite> writes)
    {
        // The loop acts for no caller, so it states the company its logs (the commands it runs) belong to.
        using var companyScope = _logger.BeginCompanyScope(tenantId);
        if (writes.Count > 1)
        {
            try
            {
                await CommitTogetherAsync(tenantId, writes);
                foreach (var write in writes)
                {
                    write.Complete();
                }

                return;
            }
            catch (Exception e)
            {
                _logger.LogDebug(e, "A shared commit of {Count} print writes failed; committing them one by one", writes.Count);
            }
        }

        foreach (var write in writes)
        {
            try
            {
                await CommitTogetherAsync(tenantId, [write]);
                write.Complete();
            }
            catch (Exception e)
            {
                write.Fail(e);
            }
        }
    }

    private async Task CommitTogetherAsync(Guid tenantId, IReadOnlyList<PendingWrite> writes)
    {
        var session = await SessionForAsync(tenantId);
        try
        {
            var db = session.Db;
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                foreach (var write in writes)
                {
                    await write.RunAsync(session);
                }

                if (db.ChangeTracker.HasChanges())
                {
                    await db.SaveChangesAsync();
                }

                await transaction.CommitAsync();
            }

            // Rows a write saved through the context are stored: the next batch starts with nothing tracked.
            db.ChangeTracker.Clear();
        }
        catch
        {
            // The context may hold a half-done write's state: the next commit starts on a fresh one.
            await EndSessionAsync();
            throw;
        }
    }

    /// <summary>
    /// The context and statements of the last commit, kept for the next one while it is the same company's: its
    /// connection stays open, so the statements stay prepared (and SQLite keeps its page cache), and a run of one
    /// company's prints pays for a context, a connection and five statements once instead of on every commit. It ends
    /// when another company's writes come, when a commit fails, after an idle time, and when the loop stops.
    /// </summary>
    private async Task<PrintJobWrites> SessionForAsync(Guid tenantId)
    {
        if (_session is { } kept && kept.Db.TenantId == tenantId)
        {
            return kept;
        }

        await EndSessionAsync();
        var db = await _dbFactory.CreateForTenantAsync(tenantId);
        try
        {
            // Each commit's transaction is the unit that fails or commits; a savepoint per SaveChanges would add nothing.
            db.Database.AutoSavepointsEnabled = false;
            await db.Database.OpenConnectionAsync();
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }

        return _session = new PrintJobWrites(db);
    }

    private async Task EndSessionAsync()
    {
        if (_session is { } session)
        {
            _session = null;
            await session.DisposeAsync();
            await session.Db.DisposeAsync();
        }
    }

    private abstract class PendingWrite(Guid tenantId)
    {
        public Guid TenantId { get; } = tenantId;

        public abstract Task RunAsync(PrintJobWrites statements);

        public abstract void Complete();

        public abstract void Fail(Exception error);
    }

    private sealed class PendingWrite<T>(Guid tenantId, Func<PrintJobWrites, Task<T>> write) : PendingWrite(tenantId)
    {
        private readonly TaskCompletionSource<T> _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Committed => _committed.Task;

        public override async Task RunAsync(PrintJobWrites statements) => _result = await write(statements);

        public override void Complete() => _committed.TrySetResult(_result!);

        public override void Fail(Exception error) => _committed.TrySetException(error);
    }
}
