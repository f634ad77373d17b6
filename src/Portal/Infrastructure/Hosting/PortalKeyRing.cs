using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;

namespace Portal.Infrastructure.Hosting;

/// <summary>
/// The Data Protection key ring that encrypts tokens, secrets and cookies. Keys persist with the data, so what was
/// encrypted before a restart still decrypts:
/// <list type="bullet">
/// <item>on SQLite (one instance), as files in the data folder, readable by the portal's user only (<see cref="OwnerOnlyFiles"/>);</item>
/// <item>on PostgreSQL, in the database's <c>DataProtectionKeys</c> table, so every instance shares one ring and a
/// cookie or antiforgery token one instance issued is accepted by the others.</item>
/// </list>
/// At rest the keys are encrypted with <c>Portal:KeyCertificatePath</c> when it is set (required in Production on
/// PostgreSQL, where the keys would otherwise sit beside the ciphertexts they open), else with DPAPI on Windows.
/// </summary>
public static class PortalKeyRing
{
    public static IServiceCollection AddPortalKeyRing(this IServiceCollection services, PortalOptions portal, PortalDatabase database, string dataFolder)
    {
        var keys = services.AddDataProtection().SetApplicationName("Portal");
        if (database.Provider == DatabaseProvider.Postgres)
        {
            keys.PersistKeysToDbContext<PortalDbContext>();
        }
        else
        {
            keys.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
        }

        if (!string.IsNullOrWhiteSpace(portal.KeyCertificatePath) && File.Exists(portal.KeyCertificatePath))
        {
            keys.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(portal.KeyCertificatePath, portal.KeyCertificatePassword));
        }
        else if (OperatingSystem.IsWindows())
        {
            keys.ProtectKeysWithDpapi();
        }

        return services;
    }

    /// <summary>Why these settings would leave the key ring readable by anyone who reads the database, or null.</summary>
    public static string? Problem(IHostEnvironment environment, PortalOptions portal, PortalDatabase database) =>
        database.Provider == DatabaseProvider.Postgres && environment.IsProduction() && string.IsNullOrWhiteSpace(portal.KeyCertificatePath)
            ? $"Database:Provider is Postgres, which keeps the Data Protection keys in the database beside the tokens they encrypt: set {PortalOptions.Section}:{nameof(PortalOptions.KeyCertificatePath)} (and KeyCertificatePassword) to a PKCS#12 certificate every instance can read, so the keys are encrypted there."
            : null;
}
