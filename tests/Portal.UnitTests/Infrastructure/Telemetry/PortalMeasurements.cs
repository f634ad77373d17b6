using System.Diagnostics.Metrics;

namespace Portal.UnitTests.Infrastructure.Telemetry;

/// <summary>One measurement of the portal's meter, its tag values as invariant text.</summary>
internal sealed record Measured(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags);

/// <summary>
/// Listens to the "Portal" meter of one service provider only (its <see cref="IMeterFactory"/>), so tests running in
/// parallel, each with its own provider, never see each other's measurements.
/// </summary>
internal sealed class PortalMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measured> _measured = new();

    public PortalMeasurements(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        // The meter is created with the first PortalMetrics; the listener then sees its instruments published.
        services.GetRequiredService<PortalMetrics>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PortalMetrics.MeterName && instrument.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measured.Enqueue(new Measured(instrument.Name, value,
            tags.ToArray().ToDictionary(t => t.Key, t => Convert.ToString(t.Value, CultureInfo.InvariantCulture)))));
        _listener.Start();
    }

    public IReadOnlyList<Measured> All => [.. _measured];

    public IReadOnlyList<Measured> Of(string instrument) => [.. _measured.Where(m => m.Instrument == instrument)];

    /// <summary>Asks the observable instruments (the token gauge) for their values now and returns what they gave.</summary>
    public IReadOnlyList<Measured> Observe(string instrument)
    {
        var before = _measured.Count;
        _listener.RecordObservableInstruments();
        return [.. _measured.Skip(before).Where(m => m.Instrument == instrument)];
    }

    public void Dispose() => _listener.Dispose();
}
