namespace Portal.Infrastructure.Audit;

/// <summary>Adds audit entries to the context a service is already saving, so the record and the change commit together.</summary>
public sealed class AuditLog(TimeProvider timeProvider)
{
    public void Record(PortalDbContext db, Guid tenantId, Caller? actor, string action, string? target = null,
        string? detail = null, bool succeeded = true) =>
        db.AuditEntries.Add(Entry(db, tenantId, actor, action, target, detail, succeeded));

    /// <summary>The entry <see cref="Record"/> adds, for a caller that writes it itself (saved with <paramref name="db"/>'s transaction).</summary>
    public AuditEntry Entry(PortalDbContext db, Guid tenantId, Caller? actor, string action, string? target = null,
        string? detail = null, bool succeeded = true) =>
        new()
        {
            TenantId = tenantId,
            ActorUserId = actor?.UserId,
            ActorName = actor?.DisplayName,
            Action = action,
            Target = target,
            Detail = detail,
            Succeeded = succeeded,
            // An operator acting on another company; the portal's own background work (no actor) is not "cross-tenant".
            CrossTenant = db.IsCrossTenant && actor is not null && actor.TenantId != tenantId,
            At = timeProvider.GetUtcNow(),
        };
}
