namespace Portal.Infrastructure.LiveUpdates;

/// <summary>
/// The live-update feed: circuits subscribe for their tenant and hear about every job or printer change (a
/// submission, a push, a poll, a cancel) made in this process or, through the <see cref="LiveChangeRelay"/>, in
/// another instance. Handlers run off the publisher's thread, so a slow page never delays a push being acknowledged;
/// a handler that throws is logged and stays subscribed.
/// </summary>
public sealed class LiveChanges
{
    private readonly ConcurrentDictionary<Guid, ImmutableList<Func<LiveChange, Task>>> _subscribers = new();
    private readonly LiveChangeRelay _relay;
    private readonly ILogger<LiveChanges> _logger;

    public LiveChanges(LiveChangeRelay relay, ILogger<LiveChanges> logger)
    {
        _relay = relay;
        _logger = logger;
        relay.Received += Deliver;
    }

    /// <summary>The handler runs in the subscriber's language (<see cref="SubscriberCulture"/>).</summary>
    public IDisposable Subscribe(Guid tenantId, Func<LiveChange, Task> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var handler = SubscriberCulture.Keep(onChange);
        _subscribers.AddOrUpdate(tenantId, _ => [handler], (_, list) => list.Add(handler));
        return new Subscription(this, tenantId, handler);
    }

    /// <summary>Tells this instance's subscribers and the other instances.</summary>
    public void Publish(LiveChange change)
    {
        Deliver(change);
        _relay.Send(change);
    }

    private void Deliver(LiveChange change)
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
                    _logger.LogWarning(e, "A live-update subscriber failed on a {Kind} change", change.Kind);
                }
            });
        }
    }

    /// <summary>How many handlers listen for <paramref name="tenantId"/> (tests check pages let go of theirs).</summary>
    public int SubscriberCount(Guid tenantId) => _subscribers.TryGetValue(tenantId, out var list) ? list.Count : 0;

    private void Unsubscribe(Guid tenantId, Func<LiveChange, Task> onChange)
    {
        while (_subscribers.TryGetValue(tenantId, out var list))
        {
            var remaining = list.Remove(onChange);
            if (remaining.IsEmpty
                ? _subscribers.TryRemove(new KeyValuePair<Guid, ImmutableList<Func<LiveChange, Task>>>(tenantId, list))
                : _subscribers.TryUpdate(tenantId, remaining, list))
            {
                return;
            }
        }
    }

    private sealed class Subscription(LiveChanges owner, Guid tenantId, Func<LiveChange, Task> onChange) : IDisposable
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

/// <summary>
/// Something changed that open pages of <see cref="TenantId"/> may show. <see cref="Kind"/> is "job" for a print
/// job (<see cref="JobId"/> set) or "printer" for a printer's state (<see cref="PrinterId"/> set).
/// </summary>
public sealed record LiveChange(Guid TenantId, Guid? JobId, Guid? PrinterId, string Kind)
{
    public const string JobKind = "job";

    public const string PrinterKind = "printer";
}
