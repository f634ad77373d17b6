using System.Text.Json;
using System.Threading.Channels;
using Npgsql;

namespace Portal.Infrastructure.LiveUpdates;

/// <summary>
/// Carries live changes between the portal's instances, so a push one instance receives reaches a page open on
/// another. On PostgreSQL each change goes out as a <c>NOTIFY</c> on <see cref="Channel"/> and every instance
/// <c>LISTEN</c>s there, handing the others' changes to its own <see cref="LiveChanges"/>. On SQLite (one instance) it
/// does nothing. A change is a hint to re-read, never data: when the database is unreachable changes are dropped and
/// pages show the new state on their next read.
/// </summary>
public sealed class LiveChangeRelay(PortalDatabase database, ILogger<LiveChangeRelay> logger) : BackgroundService
{
    /// <summary>The PostgreSQL notification channel.</summary>
    public const string Channel = "portal_live_changes";

    private static readonly TimeSpan Reconnect = TimeSpan.FromSeconds(2);

    // Bounded and lossy: a database outage must not let unsent hints pile up in memory.
    private readonly Channel<LiveChange> _outgoing = System.Threading.Channels.Channel.CreateBounded<LiveChange>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>Tells this instance's own notifications apart from the others'.</summary>
    private readonly Guid _instance = Guid.NewGuid();

    public bool Relays => database.Provider == DatabaseProvider.Postgres;

    /// <summary>Another instance's change arrived.</summary>
    public event Action<LiveChange>? Received;

    /// <summary>Queues this instance's change for the others.</summary>
    public void Send(LiveChange change)
    {
        if (Relays)
        {
            _outgoing.Writer.TryWrite(change);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Relays ? Task.WhenAll(ListenAsync(stoppingToken), SendAsync(stoppingToken)) : Task.CompletedTask;

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                connection.Notification += (_, e) => OnNotification(e.Payload);
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (true)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Live updates from the other instances stopped; listening again in {Delay}", Reconnect);
                await Task.Delay(Reconnect, stoppingToken);
            }
        }
    }

    private async Task SendAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>();
        while (await _outgoing.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < 100 && _outgoing.Reader.TryRead(out var change))
            {
                batch.Add(JsonSerializer.Serialize(new Envelope(_instance, change.TenantId, change.JobId, change.PrinterId, change.Kind)));
            }

            try
            {
                await using var connection = new NpgsqlConnection(database.ConnectionString);
                await connection.OpenAsync(stoppingToken);
                await using var notify = new NpgsqlCommand($"SELECT pg_notify('{Channel}', payload) FROM unnest(@payloads) AS payload", connection);
                notify.Parameters.AddWithValue("payloads", batch.ToArray());
                await notify.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "{Count} live updates could not reach the other instances", batch.Count);
            }
        }
    }

    private void OnNotification(string payload)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(payload);
        }
        catch (JsonException)
        {
            logger.LogWarning("A live update on {Channel} was not the portal's; ignored", Channel);
            return;
        }

        if (envelope is not null && envelope.Instance != _instance)
        {
            Received?.Invoke(new LiveChange(envelope.TenantId, envelope.JobId, envelope.PrinterId, envelope.Kind));
        }
    }

    /// <summary>A change as it travels: ids and a kind, nothing a tenant typed (payloads are limited to 8,000 bytes).</summary>
    private sealed record Envelope(Guid Instance, Guid TenantId, Guid? JobId, Guid? PrinterId, string Kind);
}
