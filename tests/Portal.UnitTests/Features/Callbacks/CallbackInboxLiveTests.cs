using Portal.Features.Callbacks;

namespace Portal.UnitTests.Features.Callbacks;

/// <summary>The callback inbox updates by itself when pushes arrive, once per burst of pushes.</summary>
public sealed class CallbackInboxLiveTests : PortalComponentContext
{
    private ServiceHarness harness = default!;

    private static ConfiguredApp Open => SandboxHost.OpenApp;

    public override async Task InitializeAsync() => harness = await PushTestKit.CreateHarnessAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task A_burst_of_changes_makes_one_notice_after_the_window_and_a_later_change_another()
    {
        var clock = new FakeTimeProvider();
        var feed = new CallbackInboxChanges(clock, NullLogger<CallbackInboxChanges>.Instance);
        var notices = 0;
        using var subscription = feed.Subscribe(() =>
        {
            Interlocked.Increment(ref notices);
            return Task.CompletedTask;
        });

        for (var i = 0; i < 100; i++)
        {
            feed.Publish();
        }

        clock.Advance(CallbackInboxChanges.BurstWindow - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.Equal(0, Volatile.Read(ref notices));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await WaitUntilAsync(() => Volatile.Read(ref notices) == 1);

        feed.Publish();
        clock.Advance(CallbackInboxChanges.BurstWindow);
        await WaitUntilAsync(() => Volatile.Read(ref notices) == 2);
        clock.Advance(CallbackInboxChanges.BurstWindow);
        await Task.Delay(50);
        Assert.Equal(2, Volatile.Read(ref notices));
    }

    [Fact]
    public async Task A_failing_subscriber_does_not_keep_the_others_from_hearing_and_a_disposed_one_hears_nothing()
    {
        var clock = new FakeTimeProvider();
        var feed = new CallbackInboxChanges(clock, NullLogger<CallbackInboxChanges>.Instance);
        var heard = 0;
        var gone = 0;
        using var failing = feed.Subscribe(() => throw new InvalidOperationException("a page went away"));
        using var listening = feed.Subscribe(() =>
        {
            Interlocked.Increment(ref heard);
            return Task.CompletedTask;
        });
        var disposed = feed.Subscribe(() =>
        {
            Interlocked.Increment(ref gone);
            return Task.CompletedTask;
        });
        disposed.Dispose();

        feed.Publish();
        clock.Advance(CallbackInboxChanges.BurstWindow);

        await WaitUntilAsync(() => Volatile.Read(ref heard) == 1);
        Assert.Equal(0, Volatile.Read(ref gone));
        Assert.Equal(2, feed.SubscriberCount);
    }

    [Fact]
    public async Task The_open_inbox_shows_a_new_push_without_the_refresh_button_and_lets_go_when_closed()
    {
        var (owner, _) = await harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        var (_, machineCode) = await harness.ConnectByConsentAsync(owner);
        harness.SignIn(await harness.AddUserAsync("op@portal.test", isOperator: true));
        var feed = harness.Get<CallbackInboxChanges>();
        Services.AddSingleton(harness.Get<CallbackInboxService>());
        Services.AddSingleton(feed);
        var cut = Render<CallbackInbox>();
        cut.WaitForElement("[data-testid=callbacks-empty]");

        await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 2, harness.Clock.GetUtcNow()));
        await harness.ReceiveAsync(Open.ClientId, "oauth_printStatus", PushTestKit.StatusBody(Open, machineCode, 1, harness.Clock.GetUtcNow().AddSeconds(1)));
        harness.Clock.Advance(CallbackInboxChanges.BurstWindow);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=callback-open]").Count), TimeSpan.FromSeconds(5));
        Assert.Contains(machineCode, cut.Find("[data-testid=callbacks-grid]").TextContent);
        Assert.Equal(1, feed.SubscriberCount);
        await DisposeComponentsAsync();
        Assert.Equal(0, feed.SubscriberCount);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 250 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }
}
