using System.ComponentModel.DataAnnotations;

namespace Portal.Data.Entities;

/// <summary>Who did what to which tenant's data, and whether it worked.</summary>
public class AuditEntry : TenantEvent
{
    /// <summary>Null when the system acted (for example the token refresher).</summary>
    public string? ActorUserId { get; set; }

    /// <summary>A stable dotted name such as <c>member.role-changed</c>.</summary>
    [MaxLength(64)]
    public required string Action { get; set; }

    [MaxLength(256)]
    public string? Target { get; set; }

    public bool Succeeded { get; set; } = true;

    /// <summary>True when an operator acted on a tenant they are not a member of.</summary>
    public bool CrossTenant { get; set; }
}
