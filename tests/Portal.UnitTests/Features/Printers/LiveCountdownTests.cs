namespace Portal.UnitTests.Features.Printers;

/// <summary>The token countdown ticks on the injected clock, exactly when its text changes, and stops with the component.</summary>
public sealed class LiveCountdownTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly TrackingTimeProvider _time;

    public LiveCountdownTests()
    {
        _time = new TrackingTimeProvider(_clock);
        Services.AddLocalization();
        Services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        Services.AddSingleton<TimeProvider>(_time);
    }

    [Fact]
    public void The_text_follows_the_clock_hour_by_hour_then_minute_by_minute()
    {
        var cut = Render<LiveCountdown>(p => p.Add(c => c.Until, Now.AddDays(1).AddMinutes(30)).Add(c => c.TestId, "left"));
        Assert.Equal("1 d 0 h", cut.Find("[data-testid=left]").TextContent);

        _clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal("1 d 0 h", cut.Find("[data-testid=left]").TextContent);

        // Exactly one day left still reads "1 d 0 h"; the next moment it does not.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("1 d 0 h", cut.Find("[data-testid=left]").TextContent);
        _clock.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal("23 h 59 min", cut.Find("[data-testid=left]").TextContent));

        _clock.Advance(TimeSpan.FromMinutes(1));
        cut.WaitForAssertion(() => Assert.Equal("23 h 58 min", cut.Find("[data-testid=left]").TextContent));

        _clock.Advance(TimeSpan.FromDays(1));
        cut.WaitForAssertion(() => Assert.Equal("expired", cut.Find("[data-testid=left]").TextContent));
        Assert.All(_time.Timers, t => Assert.True(t.Disposed, "an expired countdown keeps no timer"));
    }

    [Fact]
    public void Removing_the_countdown_disposes_its_timer()
    {
        var cut = Render<LiveCountdown>(p => p.Add(c => c.Until, Now.AddDays(30)));
        var timer = Assert.Single(_time.Timers);
        Assert.False(timer.Disposed);

        cut.Instance.Dispose();

        Assert.True(timer.Disposed);
    }

    [Fact]
    public void A_token_that_never_expires_needs_no_timer()
    {
        var cut = Render<LiveCountdown>(p => p.Add(c => c.Until, (DateTimeOffset?)null));

        Assert.Equal("never expires", cut.Markup.Trim().Replace("<span>", "").Replace("</span>", ""));
        Assert.Empty(_time.Timers);
    }

    private sealed class TrackingTimeProvider(FakeTimeProvider inner) : TimeProvider
    {
        public List<TrackedTimer> Timers { get; } = [];

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new TrackedTimer(inner.CreateTimer(callback, state, dueTime, period));
            Timers.Add(timer);
            return timer;
        }
    }

    private sealed class TrackedTimer(ITimer inner) : ITimer
    {
        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            Disposed = true;
            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
