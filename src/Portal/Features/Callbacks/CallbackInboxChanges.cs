namespace Portal.Features.Callbacks;

/// <summary>
/// The callback inbox's live feed: open inbox pages hear that push records were written (a push received, or one
/// replayed). The inbox spans every company, so there is one audience. Changes are coalesced: the first change after a
/// quiet spell schedules one notice <see cref="BurstWindow"/> later and changes meanwhile join it, so a storm of pushes
/// costs each open page one query per window, not one per push. Notices run off the publisher's thread (a push is
/// acknowledged without waiting for pages); a subscriber that throws is logged and stays subscribed.
/// </summary>
public sealed class CallbackInboxChanges(TimeProvider timeProvider, ILogger<CallbackInboxChanges> logger)
{
    public static readonly TimeSpan BurstWindow = TimeSpan.FromSeconds(1);

    private ImmutableList<Func<Task>> _subscribers = [];
    private int _noticeScheduled;

    /// <summary>The handler runs in the subscriber's language (<see cref="Services.SubscriberCulture"/>).</summary>
    public IDisposable Subscribe(Func<Task> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var handler = SubscriberCulture.Keep(onChange);
        ImmutableInterlocked.Update(ref _subscribers, list => list.Add(handler));
        return new Subscription(this, handler);
    }

    /// <summary>Push records were written or changed.</summary>
    public void Publish()
    {
        if (Volatile.Read(ref _subscribers).IsEmpty || Interlocked.Exchange(ref _noticeScheduled, 1) == 1)
        {
            return;
        }

        _ = NotifyAfterBurstAsync();
    }

    /// <summary>How many pages listen (tests check pages let go of theirs).</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Count;

    private async Task NotifyAfterBurstAsync()
    {
        await Task.Delay(BurstWindow, timeProvider).ConfigureAwait(false);
        // Reset before notifying: a push landing while pages re-query schedules the next notice.
        Volatile.Write(ref _noticeScheduled, 0);
        await Task.WhenAll(Volatile.Read(ref _subscribers).Select(handler => Task.Run(() => NotifyAsync(handler)))).ConfigureAwait(false);
    }

    private async Task NotifyAsync(Func<Task> handler)
    {
        try
        {
            await handler().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "A callback inbox subscriber failed");
        }
    }

    private sealed class Subscription(CallbackInboxChanges owner, Func<Task> onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                ImmutableInterlocked.Update(ref owner._subscribers, list => list.Remove(onChange));
            }
        }
    }
}
