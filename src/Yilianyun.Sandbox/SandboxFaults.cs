namespace Yilianyun.Sandbox;

/// <summary>
/// A fault to inject into API answers. Null filters match everything: a rule without ClientId is global,
/// one without Path applies to every endpoint. Several effects may be combined in one rule.
/// Settable from code, from settings (<c>Yilianyun:Sandbox:Faults</c>) and from the admin page.
/// </summary>
public sealed record SandboxFault
{
    /// <summary>The longest delay a rule may add: enough to trip any client timeout, short of holding requests for days.</summary>
    public static readonly TimeSpan MaxLatency = TimeSpan.FromMinutes(10);

    /// <summary>Only requests from this client_id.</summary>
    public string? ClientId { get; init; }

    /// <summary>Only this API path, without prefix or dialect (e.g. <c>print/index</c>).</summary>
    public string? Path { get; init; }

    /// <summary>Delay before answering (real time: it emulates the network, not the platform clock).</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>Share of matching requests (0..1) answered with <see cref="ServerErrorStatus"/> before any work is done.</summary>
    public double ServerErrorRate { get; init; }

    public int ServerErrorStatus { get; init; } = 503;

    /// <summary>Abort the connection before any work is done: the request is lost, nothing happened.</summary>
    public bool DropRequest { get; init; }

    /// <summary>Abort the connection after the request was processed: the work happened, the caller sees a failure.</summary>
    public bool DropResponse { get; init; }

    /// <summary>Answer with this platform error code once the request passed signature checks, without doing the work.</summary>
    public int? ForceError { get; init; }

    /// <summary>How many matching requests the rule affects before it retires itself; null for no limit.</summary>
    public int? Times { get; init; }

    /// <summary>What makes the rule unusable, in one sentence; null when it can be applied.</summary>
    public string? Problem()
    {
        if (Path is not null && !SandboxApi.Paths.Contains(Path.Trim('/'), StringComparer.OrdinalIgnoreCase))
        {
            return $"Path '{Path}' is not an API path (e.g. print/index).";
        }

        if (Latency < TimeSpan.Zero || Latency > MaxLatency)
        {
            return $"Latency must be between 0 and {MaxLatency.TotalMinutes} minutes.";
        }

        if (!(ServerErrorRate is >= 0 and <= 1))
        {
            return "ServerErrorRate must be between 0 and 1 (0 % to 100 %).";
        }

        if (ServerErrorStatus is < 500 or > 599)
        {
            return "ServerErrorStatus must be an HTTP 5xx status (500 to 599).";
        }

        if (ForceError is < 1)
        {
            return "ForceError must be a platform error code (1 or more); 0 is success.";
        }

        if (Times is < 1)
        {
            return "Times must be at least 1, or left out for no limit.";
        }

        return Latency == TimeSpan.Zero && ServerErrorRate == 0 && !DropRequest && !DropResponse && ForceError is null
            ? "The rule has no effect: set Latency, ServerErrorRate, DropRequest, DropResponse or ForceError."
            : null;
    }
}

/// <summary>A rule in force: its id (to remove it), how many requests it has affected and how many it has left.</summary>
public sealed record SandboxActiveFault(int Id, SandboxFault Fault, int Affected, int? Left);

/// <summary>The fault switches. Rules come from settings at start, from tests and from the admin page; each request consults them.</summary>
public sealed class SandboxFaults
{
    private readonly Lock _gate = new();
    private readonly List<Rule> _rules = [];
    private readonly Random _random;
    private int _lastId;

    /// <summary>A seeded random makes <see cref="SandboxFault.ServerErrorRate"/> reproducible.</summary>
    public SandboxFaults(Random random) => _random = random;

    /// <summary>Starts with the rules of <see cref="SandboxOptions.Faults"/>.</summary>
    public SandboxFaults(IOptions<SandboxOptions> options)
        : this(Random.Shared)
    {
        foreach (var fault in options.Value.Faults)
        {
            Add(fault);
        }
    }

    /// <summary>Puts a rule in force and returns its id. Throws when <see cref="SandboxFault.Problem"/> names a problem.</summary>
    public int Add(SandboxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        if (fault.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(fault));
        }

        lock (_gate)
        {
            _rules.Add(new Rule(++_lastId, fault, fault.Times));
            return _lastId;
        }
    }

    /// <summary>Takes a rule out of force; false when no rule has that id (removed, or retired after its times).</summary>
    public bool Remove(int id)
    {
        lock (_gate)
        {
            return _rules.RemoveAll(r => r.Id == id) > 0;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public IReadOnlyList<SandboxActiveFault> Active
    {
        get
        {
            lock (_gate)
            {
                return [.. _rules.Select(r => new SandboxActiveFault(r.Id, r.Fault, r.Affected, r.Remaining))];
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

                applied.DropRequest |= fault.DropRequest;
                applied.DropResponse |= fault.DropResponse;
                applied.ForceError ??= fault.ForceError;

                rule.Affected++;
                if (rule.Remaining is not null && --rule.Remaining <= 0)
                {
                    _rules.Remove(rule);
                }
            }

            return applied;
        }
    }

    private sealed class Rule(int id, SandboxFault fault, int? remaining)
    {
        public int Id { get; } = id;
        public SandboxFault Fault { get; } = fault;
        public int Affected { get; set; }
        public int? Remaining { get; set; } = remaining;
    }
}

/// <summary>Names every unusable rule of <see cref="SandboxOptions.Faults"/> by its index, so start-up stops with the reason.</summary>
internal sealed class FaultSettingsValidation : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = options.Faults
            .Select((fault, index) => fault.Problem() is { } problem ? $"Sandbox: Sandbox:Faults:{index}: {problem}" : null)
            .OfType<string>()
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class AppliedFaults
{
    public TimeSpan Latency { get; set; }
    public int? ServerErrorStatus { get; set; }
    public bool DropRequest { get; set; }
    public bool DropResponse { get; set; }
    public int? ForceError { get; set; }
}
