using Microsoft.Extensions.Logging.Abstractions;
using Portal.Data.Tenancy;
using Portal.Features.Printing;

namespace Portal.UnitTests.Features.Printing;

/// <summary>
/// The print path's group commit: writes waiting together share one commit, each caller learns of its own write only
/// once it is committed, and one write's failure stays its own.
/// </summary>
public sealed class PrintJobCommitsTests : ConnectedPrinterTests
{
    private Guid _appId;

    private PrintJobCommits Commits => Harness.Get<PrintJobCommits>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _appId = await Harness.DbFactory.ReadAsync(TenantId, db => db.Printers.Where(p => p.Id == PrinterId).Select(p => p.AppId).SingleAsync());
    }

    [Fact]
    public async Task Writes_that_wait_together_share_one_commit_and_each_is_committed_when_its_task_completes()
    {
        var release = await HoldTheLoopAsync();
        var jobs = Enumerable.Range(0, 12).Select(_ => NewJob()).ToList();
        var writes = jobs.Select(job => Commits.CommitAsync(TenantId, shared => Add(shared, job, ranOn: shared.Db))).ToList();

        release.SetResult();
        var contexts = await Task.WhenAll(writes);

        Assert.Single(contexts.Distinct());
        var stored = await StoredOriginIdsAsync(TenantId);
        Assert.All(jobs, job => Assert.Contains(job.OriginId, stored));
    }

    [Fact]
    public async Task A_write_that_breaks_a_rule_fails_alone_and_the_others_of_its_commit_are_kept()
    {
        var release = await HoldTheLoopAsync();
        var first = NewJob();
        var repeat = NewJob(first.OriginId);
        var other = NewJob();
        var writes = new[] { first, repeat, other }.Select(job => Commits.CommitAsync(TenantId, shared => Add(shared, job))).ToList();

        release.SetResult();
        await Assert.ThrowsAsync<DbUpdateException>(() => writes[1]);
        await writes[0];
        await writes[2];

        var stored = await StoredOriginIdsAsync(TenantId);
        Assert.Contains(first.OriginId, stored);
        Assert.Contains(other.OriginId, stored);
        Assert.Single(stored, first.OriginId);
        Assert.DoesNotContain(repeat.Id, await StoredIdsAsync(TenantId));
    }

    [Fact]
    public async Task Each_company_commits_on_a_context_bound_to_it_so_a_row_of_another_company_is_refused()
    {
        var beta = await Harness.AddTenantAsync(await Harness.AddUserAsync("owner@b.test"), "Beta Bakery");
        var release = await HoldTheLoopAsync();
        var ours = NewJob();
        var smuggled = NewJob();
        var own = Commits.CommitAsync(TenantId, writes => Add(writes, ours));
        var wrong = Commits.CommitAsync(beta, writes => Add(writes, smuggled));

        release.SetResult();
        await own;
        await Assert.ThrowsAsync<TenantMismatchException>(() => wrong);
        Assert.Contains(ours.OriginId, await StoredOriginIdsAsync(TenantId));
        Assert.DoesNotContain(smuggled.Id, await StoredIdsAsync(TenantId));
    }

    [Fact]
    public async Task A_write_still_waiting_when_the_portal_stops_is_committed()
    {
        var commits = new PrintJobCommits(Harness.DbFactory, NullLogger<PrintJobCommits>.Instance);
        var job = NewJob();
        var write = commits.CommitAsync(TenantId, writes => Add(writes, job));

        await commits.DisposeAsync();

        Assert.True(write.IsCompletedSuccessfully);
        Assert.Contains(job.OriginId, await StoredOriginIdsAsync(TenantId));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => commits.CommitAsync(TenantId, writes => Add(writes, NewJob())));
    }

    /// <summary>Queues a write that holds the loop until released, so the writes a test queues next wait together.</summary>
    private async Task<TaskCompletionSource> HoldTheLoopAsync()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Commits.CommitAsync(TenantId, async _ =>
        {
            holding.SetResult();
            await release.Task;
            return true;
        });
        await holding.Task;
        return release;
    }

    /// <summary>Adds the job; answers <paramref name="ranOn"/> (the context the write ran on, for tests that compare them).</summary>
    private static async Task<T> Add<T>(PrintJobWrites writes, PrintJob job, T ranOn)
    {
        await writes.AddAsync(job);
        return ranOn;
    }

    private static Task<bool> Add(PrintJobWrites writes, PrintJob job) => Add(writes, job, ranOn: true);

    private PrintJob NewJob(string? originId = null) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = TenantId,
        PrinterId = PrinterId,
        AppId = _appId,
        OriginId = originId ?? Guid.NewGuid().ToString("N"),
        Content = "Order 1",
        State = PrintJobState.Queued,
        CreatedAt = DateTimeOffset.UtcNow,
        Version = Guid.NewGuid(),
    };

    private Task<List<string>> StoredOriginIdsAsync(Guid tenantId) =>
        Harness.DbFactory.ReadAsync(tenantId, db => db.PrintJobs.Select(j => j.OriginId).ToListAsync());

    private Task<List<Guid>> StoredIdsAsync(Guid tenantId) =>
        Harness.DbFactory.ReadAsync(tenantId, db => db.PrintJobs.Select(j => j.Id).ToListAsync());
}
