namespace Portal.UnitTests.Infrastructure.Telemetry;

/// <summary>One log entry with the scopes it was written in, each scope's properties flattened to key and text.</summary>
internal sealed record ScopedLog(string Category, LogLevel Level, string Message, IReadOnlyList<KeyValuePair<string, string?>> Scopes, string? Exception)
{
    public IEnumerable<string?> ScopeValues(string key) => Scopes.Where(s => s.Key == key).Select(s => s.Value);

    /// <summary>Everything the entry carries as text, for "this never appears in a log" checks.</summary>
    public string Text => $"{Category} {Message} {string.Join(" ", Scopes.Select(s => $"{s.Key}={s.Value}"))} {Exception}";
}

/// <summary>
/// A logger provider that keeps every entry with its scopes, read the way real providers read them (through the
/// factory's <see cref="IExternalScopeProvider"/>).
/// </summary>
internal sealed class ScopedLogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<ScopedLog> _entries = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<ScopedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ScopedLogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<KeyValuePair<string, string?>>();
            capture._scopes.ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> properties)
                {
                    list.AddRange(properties.Select(p => new KeyValuePair<string, string?>(p.Key, Convert.ToString(p.Value, CultureInfo.InvariantCulture))));
                }
                else
                {
                    list.Add(new KeyValuePair<string, string?>("", scope?.ToString()));
                }
            }, scopes);
            capture._entries.Enqueue(new ScopedLog(category, logLevel, formatter(state, exception), scopes, exception?.ToString()));
        }
    }
}
