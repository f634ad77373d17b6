namespace Portal.Features.Printing;

/// <summary>
/// The live-update feed: circuits subscribe for their tenant and hear about every job or printer change made in
/// this process (a submission, a push, a poll, a cancel). Handlers run off the publisher's thread, so a slow page
/// never delays a push being acknowledged; a handler that throws is logged and stays subscribed.
/// </summary>
public sealed class PrintingChanges(ILogger<PrintingChanges> logger)
{
    private readonly ConcurrentDictionary<Guid, ImmutableList<Func<PrintingChange, Task>>> _subscribers = new();

    /// <summary>The handler runs in the subscriber's language (<see cref="SubscriberCulture"/>).</summary>
    public IDisposable Subscribe(Guid tenantId, Func<PrintingChange, Task> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var handler = SubscriberCulture.Keep(onChange);
        _subscribers.AddOrUpdate(tenantId, _ => [handler], (_, list) => list.Add(handler));
        return new Subscription(this, tenantId, handler);
    }

    public void Publish(PrintingChange change)
    {
        if (!_subscribers.TryGetValue(change.TenantId, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await handler(change);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "A live-update subscriber failed on a {Kind} change", change.Kind);
                }
            });
        }
    }

    /// <summary>How many handlers listen for <paramref name="tenantId"/> (tests check pages let go of theirs).</summary>
    public int SubscriberCount(Guid tenantId) => _subscribers.TryGetValue(tenantId, out var list) ? list.Count : 0;

    private void Unsubscribe(Guid tenantId, Func<PrintingChange, Task> onChange)
    {
        while (_subscribers.TryGetValue(tenantId, out var list))
        {
            var remaining = list.Remove(onChange);
            if (remaining.IsEmpty
                ? _subscribers.TryRemove(new KeyValuePair<Guid, ImmutableList<Func<PrintingChange, Task>>>(tenantId, list))
                : _subscribers.TryUpdate(tenantId, remaining, list))
            {
                return;
            }
        }
    }

    private sealed class Subscription(PrintingChanges owner, Guid tenantId, Func<PrintingChange, Task> onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(tenantId, onChange);
            }
        }
    }
}
