namespace Yilianyun.Sandbox.State;

/// <summary>
/// Finds printers by machine code, grants by token and by (client, printer), daily counters by key, and jobs by
/// printer, id and origin id without scanning the lists: with thousands of printers and jobs every API call looks
/// several of them up. Not saved; built from the lists on first use after loading. Grants are issued and rotated
/// only through <see cref="Api.TokenRules"/>, which keeps it current with <see cref="Forget"/> and
/// <see cref="Remember(TokenGrant)"/>; grants are removed, and printers and jobs added and removed, through
/// <see cref="SandboxStateData"/>.
/// Used under the store's lock, like the lists.
/// </summary>
internal sealed class SandboxIndex
{
    private readonly Dictionary<(string ClientId, string Token), TokenGrant> _byAccessToken = [];
    private readonly Dictionary<(string ClientId, string Token), TokenGrant> _byRefreshToken = [];
    private readonly Dictionary<(string ClientId, string MachineCode), TokenGrant> _byPrinter = [];
    private readonly Dictionary<string, DailyCounter> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VirtualPrinter> _printers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PrintJob>> _jobsByPrinter = new(StringComparer.Ordinal);
    private readonly Dictionary<long, PrintJob> _jobsById = [];
    private readonly Dictionary<(string ClientId, string OriginId), PrintJob> _newestByOrigin = [];

    // Unprinted jobs by due time. A job that was printed or cancelled meanwhile stays queued until it reaches the
    // front, where it is dropped: cheaper than finding it in the heap when its status changes.
    private readonly PriorityQueue<PrintJob, DateTimeOffset> _waiting = new();

    public static SandboxIndex Build(SandboxStateData data)
    {
        var index = new SandboxIndex();
        data.Grants.ForEach(index.Remember);
        data.Counters.ForEach(index.Remember);
        data.Printers.ForEach(index.Remember);
        data.Jobs.ForEach(index.Remember);
        return index;
    }

    public VirtualPrinter? Printer(string machineCode) => _printers.GetValueOrDefault(machineCode);

    public void Remember(VirtualPrinter printer) => _printers[printer.MachineCode] = printer;

    /// <summary>A printer's jobs, oldest first.</summary>
    public IReadOnlyList<PrintJob> JobsOf(string machineCode) => _jobsByPrinter.TryGetValue(machineCode, out var jobs) ? jobs : [];

    public PrintJob? Job(long id) => _jobsById.GetValueOrDefault(id);

    /// <summary>The newest job (not a reprint) an app sent with this origin id.</summary>
    public PrintJob? NewestByOrigin(string clientId, string originId) => _newestByOrigin.GetValueOrDefault((clientId, originId));

    public void Remember(PrintJob job)
    {
        if (!_jobsByPrinter.TryGetValue(job.MachineCode, out var jobs))
        {
            _jobsByPrinter[job.MachineCode] = jobs = [];
        }

        jobs.Add(job);
        _jobsById[job.Id] = job;
        if (job.ReprintOf is null)
        {
            _newestByOrigin[(job.ClientId, job.OriginId)] = job;
        }

        if (job.Status == PrintJobStatus.Unprinted)
        {
            _waiting.Enqueue(job, job.DueAt);
        }
    }

    /// <summary>Drops a printer's oldest job (the list keeps at most so many per printer); returns it.</summary>
    public PrintJob ForgetOldest(string machineCode)
    {
        var jobs = _jobsByPrinter[machineCode];
        var oldest = jobs[0];
        jobs.RemoveAt(0);
        _jobsById.Remove(oldest.Id);
        if (_newestByOrigin.TryGetValue((oldest.ClientId, oldest.OriginId), out var newest) && newest == oldest)
        {
            _newestByOrigin.Remove((oldest.ClientId, oldest.OriginId));
        }

        return oldest;
    }

    /// <summary>Still unprinted and still kept (not trimmed away since it was queued).</summary>
    private bool IsWaiting(PrintJob job) => job.Status == PrintJobStatus.Unprinted && _jobsById.ContainsKey(job.Id);

    /// <summary>Unprinted jobs due by <paramref name="now"/>, in due order; they stay queued until printed or cancelled.</summary>
    public List<PrintJob> Due(DateTimeOffset now)
    {
        var due = new List<PrintJob>();
        while (_waiting.TryPeek(out var job, out var dueAt) && dueAt <= now)
        {
            _waiting.Dequeue();
            if (IsWaiting(job))
            {
                due.Add(job);
            }
        }

        // Whatever was not printed this time (its printer is offline) waits at the front for the next tick.
        due.ForEach(job => _waiting.Enqueue(job, job.DueAt));
        return due;
    }

    /// <summary>Whether any unprinted job is due by <paramref name="now"/> (drops finished ones from the front).</summary>
    public bool AnyDue(DateTimeOffset now)
    {
        while (_waiting.TryPeek(out var job, out var dueAt) && dueAt <= now)
        {
            if (IsWaiting(job))
            {
                return true;
            }

            _waiting.Dequeue();
        }

        return false;
    }

    /// <summary>The grant whose current or previous access token this is.</summary>
    public TokenGrant? ByAccessToken(string clientId, string token) => _byAccessToken.GetValueOrDefault((clientId, token));

    /// <summary>The grant whose current or previous refresh token this is.</summary>
    public TokenGrant? ByRefreshToken(string clientId, string token) => _byRefreshToken.GetValueOrDefault((clientId, token));

    public TokenGrant? ByPrinter(string clientId, string machineCode) => _byPrinter.GetValueOrDefault((clientId, machineCode));

    public DailyCounter? Counter(string key) => _counters.GetValueOrDefault(key);

    public void Remember(TokenGrant grant)
    {
        _byPrinter[(grant.ClientId, grant.MachineCode)] = grant;
        _byAccessToken[(grant.ClientId, grant.AccessToken)] = grant;
        _byRefreshToken[(grant.ClientId, grant.RefreshToken)] = grant;
        if (grant.PreviousAccessToken is { } previousAccess)
        {
            _byAccessToken[(grant.ClientId, previousAccess)] = grant;
        }

        if (grant.PreviousRefreshToken is { } previousRefresh)
        {
            _byRefreshToken[(grant.ClientId, previousRefresh)] = grant;
        }
    }

    /// <summary>Drops every key of <paramref name="grant"/> as it is now; call before changing its tokens or removing it.</summary>
    public void Forget(TokenGrant grant)
    {
        _byPrinter.Remove((grant.ClientId, grant.MachineCode));
        _byAccessToken.Remove((grant.ClientId, grant.AccessToken));
        _byRefreshToken.Remove((grant.ClientId, grant.RefreshToken));
        if (grant.PreviousAccessToken is { } previousAccess)
        {
            _byAccessToken.Remove((grant.ClientId, previousAccess));
        }

        if (grant.PreviousRefreshToken is { } previousRefresh)
        {
            _byRefreshToken.Remove((grant.ClientId, previousRefresh));
        }
    }

    public void Remember(DailyCounter counter) => _counters[counter.Key] = counter;
}
