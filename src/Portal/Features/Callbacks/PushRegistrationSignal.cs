namespace Portal.Features.Callbacks;

/// <summary>
/// "A printer was just connected": wakes <see cref="PushRegistrationService"/> so the new printer's push URLs are
/// registered within moments rather than at the next periodic sweep. Requests made while a sweep is pending merge.
/// </summary>
public sealed class PushRegistrationSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Request()
    {
        if (_wake.CurrentCount > 0)
        {
            return;
        }

        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another request got there first; one sweep serves both.
        }
    }

    /// <summary>Waits for a request or for <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _wake.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _wake.Dispose();
}
