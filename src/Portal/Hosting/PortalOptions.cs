using System.ComponentModel.DataAnnotations;

namespace Portal.Hosting;

/// <summary>Settings under <c>Portal:*</c>.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Where the SQLite database, Data Protection keys and the mail outbox live. Relative to the content root.</summary>
    [Required]
    public string DataFolder { get; set; } = "App_Data";

    /// <summary>Hours an invitation link stays valid.</summary>
    [Range(1, 24 * 30)]
    public int InvitationLifetimeHours { get; set; } = 72;

    public string ResolveDataFolder(string contentRoot) =>
        Path.GetFullPath(Path.IsPathRooted(DataFolder) ? DataFolder : Path.Combine(contentRoot, DataFolder));
}
