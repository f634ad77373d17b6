using Portal.Features.Callbacks;

namespace Portal.UnitTests.Features.Callbacks;

/// <summary>The callback inbox keeps a push for <see cref="PushOptions.RetentionDays"/>, then the sweep deletes it.</summary>
public sealed class PushRetentionTests
{
    private static Task<ServiceHarness> CreateHarnessAsync(PushOptions options) => ServiceHarness.CreateAsync(services => services
        .AddSingleton(Options.Create(options))
        .AddSingleton<PushRecordRetention>());

    private static async Task AddRecordsAsync(ServiceHarness harness, DateTimeOffset receivedAt, int count)
    {
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        for (var i = 0; i < count; i++)
        {
            db.PushRecords.Add(new PushRecord { Command = "oauth_printStatus", ReceivedAt = receivedAt, Fields = "{}", Outcome = PushOutcome.Applied });
        }

        await db.SaveChangesAsync();
    }

    private static async Task<List<DateTimeOffset>> ReceivedAtAsync(ServiceHarness harness)
    {
        await using var db = await harness.DbFactory.CreateDbContextAsync();
        return await db.PushRecords.AsNoTracking().OrderBy(r => r.Id).Select(r => r.ReceivedAt).ToListAsync();
    }

    [Fact]
    public async Task The_sweep_deletes_pushes_older_than_the_setting_in_batches_and_keeps_the_rest()
    {
        await using var harness = await CreateHarnessAsync(new PushOptions { RetentionDays = 30 });
        var now = harness.Clock.GetUtcNow();
        await AddRecordsAsync(harness, now.AddDays(-31), PushRecordRetention.BatchSize * 2 + 3);
        await AddRecordsAsync(harness, now.AddDays(-29), 2);

        var deleted = await harness.Get<PushRecordRetention>().SweepAsync();

        Assert.Equal(PushRecordRetention.BatchSize * 2 + 3, deleted);
        Assert.Equal([now.AddDays(-29), now.AddDays(-29)], await ReceivedAtAsync(harness));
    }

    [Fact]
    public async Task The_background_sweep_runs_at_start_and_again_as_the_clock_moves_on()
    {
        await using var harness = await CreateHarnessAsync(new PushOptions());
        var now = harness.Clock.GetUtcNow();
        await AddRecordsAsync(harness, now.AddDays(-91), 1);
        // Half an hour short of the default 90 days: kept at start, gone at the next sweep an hour later.
        await AddRecordsAsync(harness, now.AddDays(-90).AddMinutes(30), 1);
        var sweeper = harness.Services.GetRequiredService<PushRecordRetention>();

        await sweeper.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilAsync(async () => (await ReceivedAtAsync(harness)).Count == 1);
            Assert.Equal([now.AddDays(-90).AddMinutes(30)], await ReceivedAtAsync(harness));
            await WaitUntilAsync(async () =>
            {
                harness.Clock.Advance(PushRecordRetention.SweepInterval);
                return (await ReceivedAtAsync(harness)).Count == 0;
            });
        }
        finally
        {
            await sweeper.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(await condition());
    }
}
