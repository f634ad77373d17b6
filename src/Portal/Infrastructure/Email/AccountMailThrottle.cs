namespace Portal.Infrastructure.Email;

/// <summary>
/// Bounds the mails anyone can make the portal send to an address without signing in (confirmation links, password
/// resets, "already registered", "no account"): at most <see cref="EmailOptions.AccountMailsPerHour"/> per address in
/// any hour, so the registration and password pages cannot be used to flood someone's inbox. Counted per instance: with
/// several instances the bound is that many times higher, still a bound.
/// </summary>
public sealed class AccountMailThrottle(IOptions<EmailOptions> options, TimeProvider timeProvider)
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Past this many addresses the oldest-looking ones are forgotten, so memory stays bounded under a flood of new addresses.</summary>
    private const int MaxAddresses = 50_000;

    private readonly Dictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True, and counted, when another account mail may go to <paramref name="email"/> now.</summary>
    public bool TryTake(string email)
    {
        var now = timeProvider.GetUtcNow();
        var address = email.Trim();
        lock (_sent)
        {
            if (_sent.Count >= MaxAddresses)
            {
                Forget(now);
            }

            if (!_sent.TryGetValue(address, out var times))
            {
                _sent[address] = times = new Queue<DateTimeOffset>();
            }

            while (times.Count > 0 && now - times.Peek() >= Window)
            {
                times.Dequeue();
            }

            if (times.Count >= options.Value.AccountMailsPerHour)
            {
                return false;
            }

            times.Enqueue(now);
            return true;
        }
    }

    private void Forget(DateTimeOffset now)
    {
        foreach (var (address, times) in _sent.ToList())
        {
            if (times.Count == 0 || now - times.Last() >= Window || _sent.Count >= MaxAddresses)
            {
                _sent.Remove(address);
            }
        }
    }
}
