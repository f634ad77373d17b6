namespace Portal.Features.OpenApi;

/// <summary>
/// Keeps what <see cref="OpenApiStore"/> read for a short time, measured on <see cref="TimeProvider"/> (so tests move
/// it). Bounded: misses are kept too, and a flood of made-up keys must not grow memory without limit. <see cref="Clear"/>
/// also discards a read that was in flight when it ran, so a change made on this instance is never hidden by a read
/// that started before it.
/// </summary>
internal sealed class OpenApiLookupCache<TKey, TValue>(TimeProvider timeProvider, int capacity)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries = new();
    private long _generation;

    /// <summary>Taken before a read from the database, handed to <see cref="Set"/> with what it read.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(TKey key, out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && timeProvider.GetTimestamp() < entry.ExpiresAt)
        {
            value = entry.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="lifetime"/>, unless <see cref="Clear"/> ran since <paramref name="generation"/>.</summary>
    public void Set(TKey key, TValue value, TimeSpan lifetime, long generation)
    {
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        var now = timeProvider.GetTimestamp();
        if (_entries.Count >= capacity)
        {
            foreach (var (staleKey, stale) in _entries)
            {
                if (stale.ExpiresAt <= now)
                {
                    _entries.TryRemove(staleKey, out _);
                }
            }

            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }
        }

        _entries[key] = new Entry(value, now + (long)(lifetime.TotalSeconds * timeProvider.TimestampFrequency));
        if (Generation != generation)
        {
            // Cleared while this was read: what was read may predate the change.
            _entries.TryRemove(key, out _);
        }
    }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    private readonly record struct Entry(TValue Value, long ExpiresAt);
}
