namespace Portal.Features.Printers;

/// <summary>
/// "A printer was just connected": Printers raises it and whoever acts on new printers waits for it (Callbacks
/// registers the new printer's push URLs within moments rather than at its next periodic sweep). Requests made while
/// nobody has taken the last one merge into one.
/// </summary>
public sealed class PrinterConnectedSignal : IDisposable
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
