namespace Yilianyun.Sandbox.Push;

/// <summary>A push the platform sends: its <c>cmd</c>, target URL and form fields (sign and push_time included).</summary>
public sealed record SandboxPush(string Cmd, string ClientId, string Url, IReadOnlyList<KeyValuePair<string, string>> Fields);

/// <summary>One delivery attempt; <see cref="Accepted"/> when the receiver answered 200 with <c>{"data":"OK"}</c> in time.</summary>
public sealed record SandboxPushAttempt(SandboxPush Push, int Attempt, bool Accepted, string Outcome);

/// <summary>
/// Sends pushes in the background: form POST, answer must be HTTP 200 <c>{"data":"OK"}</c> within
/// <see cref="SandboxOptions.PushTimeout"/>, at most <see cref="SandboxOptions.PushAttempts"/> attempts.
/// </summary>
public sealed class SandboxPushDispatcher : IDisposable
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client pushes and probes use.</summary>
    public const string HttpClientName = "Yilianyun.Sandbox.Push";

    private readonly IHttpClientFactory _httpClients;
    private readonly SandboxOptions _options;
    private readonly ILogger<SandboxPushDispatcher> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<SandboxPushAttempt> _attempts = new();
    private readonly Lock _gate = new();
    private readonly List<Task> _inFlight = [];

    public SandboxPushDispatcher(
        IHttpClientFactory httpClients,
        IOptions<SandboxOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<SandboxPushDispatcher> logger)
    {
        _httpClients = httpClients;
        _options = options.Value;
        _logger = logger;
        lifetime.ApplicationStopping.Register(_stopping.Cancel);
    }

    /// <summary>Every delivery attempt so far, oldest first.</summary>
    public IReadOnlyList<SandboxPushAttempt> Attempts => [.. _attempts];

    public void Enqueue(SandboxPush push)
    {
        lock (_gate)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            _inFlight.Add(Task.Run(() => DeliverAsync(push)));
        }
    }

    /// <summary>Completes when every push enqueued so far has been delivered or has used up its attempts.</summary>
    public async Task WhenIdleAsync()
    {
        while (true)
        {
            Task[] pending;
            lock (_gate)
            {
                _inFlight.RemoveAll(t => t.IsCompleted);
                pending = [.. _inFlight];
            }

            if (pending.Length == 0)
            {
                return;
            }

            await Task.WhenAll(pending);
        }
    }

    /// <summary>The liveness probe setpushurl performs: a plain GET that must answer <c>{"data":"OK"}</c>.</summary>
    public async Task<bool> ProbeAsync(string url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        timeout.CancelAfter(_options.PushTimeout);
        try
        {
            using var response = await _httpClients.CreateClient(HttpClientName).GetAsync(url, timeout.Token);
            return response.IsSuccessStatusCode && IsOk(await response.Content.ReadAsStringAsync(timeout.Token));
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task DeliverAsync(SandboxPush push)
    {
        var attempts = Math.Max(1, _options.PushAttempts);
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            var (accepted, outcome) = await SendOnceAsync(push);
            _attempts.Enqueue(new SandboxPushAttempt(push, attempt, accepted, outcome));
            if (accepted)
            {
                return;
            }

            _logger.LogInformation("Push {Cmd} to {Url} attempt {Attempt} not accepted: {Outcome}", push.Cmd, push.Url, attempt, outcome);
            if (attempt < attempts && _options.PushRetryDelay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(_options.PushRetryDelay, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task<(bool Accepted, string Outcome)> SendOnceAsync(SandboxPush push)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.PushTimeout);
        try
        {
            using var content = new FormUrlEncodedContent(push.Fields);
            using var response = await _httpClients.CreateClient(HttpClientName).PostAsync(push.Url, content, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return (false, $"HTTP {(int)response.StatusCode}");
            }

            return IsOk(body) ? (true, "OK") : (false, "answer was not {\"data\":\"OK\"}");
        }
        catch (OperationCanceledException)
        {
            return (false, "no answer within the timeout");
        }
        catch (Exception exception) when (exception is HttpRequestException or InvalidOperationException)
        {
            return (false, exception.GetType().Name);
        }
    }

    private static bool IsOk(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("data", out var data)
                && data.ValueKind == JsonValueKind.String
                && data.GetString() == "OK";
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
