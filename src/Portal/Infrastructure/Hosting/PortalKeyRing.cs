using System.Security.Cryptography.X509Certificates;

namespace Portal.Infrastructure.Hosting;

/// <summary>
/// The Data Protection key ring that encrypts tokens, secrets and cookies. Keys persist with the data, so what was
/// encrypted before a restart still decrypts, and instances sharing the data folder share the ring. At rest the keys
/// are encrypted with DPAPI on Windows, with <c>Portal:KeyCertificatePath</c> elsewhere when it is set; without a
/// certificate on Linux they rely on the files being readable by the portal's user only (<see cref="OwnerOnlyFiles"/>).
/// </summary>
public static class PortalKeyRing
{
    public static IServiceCollection AddPortalKeyRing(this IServiceCollection services, PortalOptions portal, string dataFolder)
    {
        var keys = services.AddDataProtection()
            .SetApplicationName("Portal")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataFolder, "keys")));
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
}
