using Portal.Features.Callbacks;
using Portal.Features.Printing;

namespace Portal.UnitTests.Infrastructure.Localization;

/// <summary>Live updates reach a page in the page's language, not in that of the request that caused them.</summary>
public sealed class SubscriberCultureTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    [Fact]
    public async Task A_job_change_published_from_an_english_request_reaches_a_chinese_page_in_chinese()
    {
        var feed = new LiveChanges(new LiveChangeRelay(new PortalDatabase(DatabaseProvider.Sqlite, "Data Source=:memory:"), NullLogger<LiveChangeRelay>.Instance), NullLogger<LiveChanges>.Instance);
        var tenant = Guid.NewGuid();
        var heard = new TaskCompletionSource<(CultureInfo, CultureInfo)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (InCulture(Chinese))
        {
            feed.Subscribe(tenant, _ =>
            {
                heard.TrySetResult((CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture));
                return Task.CompletedTask;
            });
        }

        using (InCulture(English))
        {
            feed.Publish(new LiveChange(tenant, Guid.NewGuid(), null, LiveChange.JobKind));
        }

        Assert.Equal((Chinese, Chinese), await heard.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_push_published_from_an_english_request_reaches_a_chinese_inbox_in_chinese()
    {
        var clock = new FakeTimeProvider();
        var feed = new CallbackInboxChanges(clock, NullLogger<CallbackInboxChanges>.Instance);
        var heard = new TaskCompletionSource<CultureInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (InCulture(Chinese))
        {
            feed.Subscribe(() =>
            {
                heard.TrySetResult(CultureInfo.CurrentUICulture);
                return Task.CompletedTask;
            });
        }

        using (InCulture(English))
        {
            feed.Publish();
        }

        clock.Advance(CallbackInboxChanges.BurstWindow);
        Assert.Equal(Chinese, await heard.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static IDisposable InCulture(CultureInfo culture)
    {
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        return new Restore(() => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (previous, previousUi));
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
