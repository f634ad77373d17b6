namespace Yilianyun.Sandbox;

/// <summary>Which type dialect a request was answered in: root paths v1, <c>/v2</c> paths v2.</summary>
public enum SandboxDialect
{
    V1,
    V2,
}

/// <summary>One API request as the emulator saw it. Holds no secrets or tokens.</summary>
/// <param name="Path">API path without prefix or dialect, e.g. <c>print/index</c>.</param>
/// <param name="Error">The platform code answered; null when a fault replaced the answer with an HTTP error or dropped the request.</param>
/// <param name="HttpStatus">HTTP status sent (200 for every platform answer); 0 when the request was dropped before any work.</param>
/// <param name="Dropped">The connection was aborted: before any work when <paramref name="Error"/> is null, otherwise after it.</param>
public sealed record SandboxJournalEntry(
    DateTimeOffset Time,
    SandboxDialect Dialect,
    string Path,
    string? GrantType,
    string? ClientId,
    string? MachineCode,
    string? OriginId,
    int? Error,
    int HttpStatus,
    bool Dropped);

/// <summary>Every API request the emulator answered, in arrival order, for tests and the admin page.</summary>
public sealed class SandboxJournal
{
    private const int Capacity = 10_000;
    private readonly ConcurrentQueue<SandboxJournalEntry> _entries = new();

    public IReadOnlyList<SandboxJournalEntry> Entries => [.. _entries];

    public void Clear() => _entries.Clear();

    internal void Add(SandboxJournalEntry entry)
    {
        _entries.Enqueue(entry);
        while (_entries.Count > Capacity && _entries.TryDequeue(out _))
        {
        }
    }
}
