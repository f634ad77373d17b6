using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Portal.UnitTests.Infrastructure;

/// <summary>Certificates for <c>Portal:KeyCertificatePath</c>, which encrypts the Data Protection keys at rest.</summary>
public static class KeyCertificates
{
    /// <summary>A self-signed certificate with its private key, as PKCS#12 protected by <paramref name="password"/>.</summary>
    public static byte[] Pkcs12(string password)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Portal key ring (tests)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return certificate.Export(X509ContentType.Pkcs12, password);
    }

    /// <summary>Writes a certificate to a new file in <paramref name="folder"/>; returns its path.</summary>
    public static string WriteTo(string folder, string password)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"keys-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, Pkcs12(password));
        return path;
    }
}
