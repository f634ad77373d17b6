using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Tenancy;

/// <summary>
/// The columns every tenant-owned row starts with: its key and the tenant it belongs to. Derive from this rather than
/// implement <see cref="ITenantOwned"/> by hand; the context's filter and write check apply through the interface.
/// </summary>
/// <typeparam name="TKey"><see cref="Guid"/> for rows other rows point at; <see cref="long"/> for append-only logs.</typeparam>
public abstract class TenantOwned<TKey> : ITenantOwned
    where TKey : struct
{
    public TKey Id { get; set; }

    public Guid TenantId { get; set; }
}

/// <summary>
/// One entry of an append-only log inside a tenant (the audit log, a printer's token timeline, a job's history):
/// when it happened, who did it and, in words, what came of it.
/// </summary>
public abstract class TenantEvent : TenantOwned<long>
{
    public DateTimeOffset At { get; set; }

    /// <summary>The acting person's display name, or null when the system acted (the refresher, a push, the poller).</summary>
    [MaxLength(256)]
    public string? ActorName { get; set; }

    /// <summary>Free text for people (the platform's code and reason on failures); never a token or secret.</summary>
    public string? Detail { get; set; }

    /// <summary>The most of a detail an entry keeps: a platform's long error text is cut, not refused.</summary>
    public const int DetailLength = 500;

    protected static string? Shorten(string? detail) => detail is { Length: > DetailLength } ? detail[..DetailLength] : detail;
}
