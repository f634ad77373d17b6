using System.Security.Cryptography;

namespace Portal.UnitTests.Infrastructure.Hosting;

public sealed class SecretsAtRestTests
{
    private const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    [Fact]
    [Trait("Database", "Sqlite")] // On PostgreSQL the key ring is in the database, not in the data folder.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task What_the_portal_writes_to_its_data_folder_is_readable_by_its_own_user_only()
    {
        using var portal = DeployedPortalFactory.Demo();
        var email = await portal.AddUserAsync();
        using var visitor = portal.CreateVisitor();
        // A sign-in creates the key ring; a reset mail lands in the outbox; the sandbox keeps its state.
        await DeployedPortalFactory.LogInAsync(visitor, email);
        await portal.Services.GetRequiredService<Portal.Infrastructure.Email.PortalMailer>().SendPasswordResetLinkAsync(
            new Portal.Data.Entities.PortalUser { Email = email }, email, "https://portal.example/reset");
        await WaitForAsync(() => File.Exists(Path.Combine(portal.DataFolder, "sandbox.json")));

        var entries = new DirectoryInfo(portal.DataFolder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories).ToList();

        if (portal.Services.GetRequiredService<PortalDatabase>().Provider == DatabaseProvider.Sqlite)
        {
            // On PostgreSQL the database lives on the server; the keys, the outbox and the sandbox stay here.
            Assert.Contains(entries, e => e.Name == "portal.db");
        }

        Assert.Contains(entries, e => e.Name.EndsWith(".xml", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Name.EndsWith(".eml", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(portal.DataFolder));
        Assert.All(entries, e => Assert.True((e.UnixFileMode & GroupOrOthers) == 0, $"{e.FullName} is {e.UnixFileMode}"));
    }

    [Fact]
    [Trait("Database", "Sqlite")] // The key ring's files; on PostgreSQL TwoInstanceTests reads its rows.
    public void With_a_certificate_the_key_ring_is_encrypted_at_rest()
    {
        var pfx = KeyCertificates.WriteTo(Path.GetTempPath(), "pfx-password");

        using var portal = new DeployedPortalFactory(new Dictionary<string, string?>
        {
            ["Portal:KeyCertificatePath"] = pfx,
            ["Portal:KeyCertificatePassword"] = "pfx-password",
        }, "Development");

        var protector = portal.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        Assert.Equal("secret", protector.Unprotect(protector.Protect("secret")));

        var key = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(portal.DataFolder, "keys"), "*.xml")));
        Assert.Contains("<encryptedSecret", key);
        Assert.DoesNotContain("<masterKey", key);
        File.Delete(pfx);
    }

    [Fact]
    public void Access_and_refresh_tokens_are_protected_for_different_purposes()
    {
        var provider = new EphemeralDataProtectionProvider();
        var secrets = new PrinterSecrets(provider);

        var refresh = secrets.ProtectRefreshToken("refresh-token");

        Assert.Equal("refresh-token", secrets.UnprotectRefreshToken(refresh));
        Assert.Throws<CryptographicException>(() => secrets.UnprotectToken(refresh));
        Assert.Throws<CryptographicException>(() => secrets.UnprotectRefreshToken(secrets.ProtectAppSecret("app-secret")));
    }

    [Fact]
    public void A_refresh_token_written_before_the_split_still_reads()
    {
        var secrets = new PrinterSecrets(new EphemeralDataProtectionProvider());

        Assert.Equal("older-refresh-token", secrets.UnprotectRefreshToken(secrets.ProtectToken("older-refresh-token")));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "waited 5 s");
    }
}
