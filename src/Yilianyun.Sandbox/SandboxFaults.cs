namespace Yilianyun.Sandbox;

/// <summary>
/// A fault to inject into API answers. Null filters match everything: a rule without ClientId is global,
/// one without Path applies to every endpoint. Several effects may be combined in one rule.
/// </summary>
public sealed record SandboxFault
{
    /// <summary>Only requests from this client_id.</summary>
    public string? ClientId { get; init; }

    /// <summary>Only this API path, without prefix or dialect (e.g. <c>print/index</c>).</summary>
    public string? Path { get; init; }

    /// <summary>Delay before answering (real time: it emulates the network, not the platform clock).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Share of matching requests (0..1) answered with <see cref="ServerErrorStatus"/> before any work is done.</summary>
    public double ServerErrorRate { get; init; }

    public int ServerErrorStatus { get; init; } = 503;

    /// <summary>Abort the connection after the request was processed: the work happened, the caller sees a failure.</summary>
    public bool DropResponse { get; init; }

    /// <summary>Answer with this platform error code once the request passed signature checks, without doing the work.</summary>
    public int? ForceError { get; init; }

    /// <summary>How many matching requests the rule affects before it retires itself; null for no limit.</summary>
    public int? Times { get; init; }
}

/// <summary>The fault switches. Tests add rules and clear them; rules are consulted per request.</summary>
public sealed class SandboxFaults
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private readonly Random _random;

    public SandboxFaults()
        : this(Random.Shared)
    {
    }

    /// <summary>A seeded random makes <see cref="SandboxFault.ServerErrorRate"/> reproducible.</summary>
    public SandboxFaults(Random random) => _random = random;

    public void Add(SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.ServerErrorRate is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fault), "ServerErrorRate must be between 0 and 1.");
        }

        lock (_gate)
        {
            _rules.Add(new Rule(fault, fault.Times));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public IReadOnlyList<SandboxFault> Active
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules.Select(r => r.Fault)];
            }
        }
    }

    /// <summary>Combines the matching rules into the effects for one request and uses up counted rules.</summary>
    internal AppliedFaults Resolve(string path, string? clientId)
    {
        lock (_gate)
        {
            var applied = new AppliedFaults();
            foreach (var rule in _rules.ToList())
            {
                var fault = rule.Fault;
                if ((fault.Path is not null && !string.Equals(fault.Path.Trim('/'), path, StringComparison.OrdinalIgnoreCase))
                    || (fault.ClientId is not null && fault.ClientId != clientId))
                {
                    continue;
                }

                applied.Latency += fault.Latency;
                if (fault.ServerErrorRate > 0 && _random.NextDouble() < fault.ServerErrorRate)
                {
                    applied.ServerErrorStatus ??= fault.ServerErrorStatus;
                }

                applied.Drop |= fault.DropResponse;
                applied.ForceError ??= fault.ForceError;

                if (rule.Remaining is not null && --rule.Remaining <= 0)
                {
                    _rules.Remove(rule);
                }
            }

            return applied;
        }
    }

    private sealed class Rule(SandboxFault fault, int? remaining)
    {
        public SandboxFault Fault { get; } = fault;
        public int? Remaining { get; set; } = remaining;
    }
}

internal sealed class AppliedFaults
{
    public TimeSpan Latency { get; set; }
    public int? ServerErrorStatus { get; set; }
    public bool Drop { get; set; }
    public int? ForceError { get; set; }
}
