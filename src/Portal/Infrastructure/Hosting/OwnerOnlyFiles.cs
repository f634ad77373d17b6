using System.Runtime.InteropServices;

namespace Portal.Infrastructure.Hosting;

/// <summary>
/// The data folder holds the database, the Data Protection keys, the outbox and the sandbox's state: on Unix they
/// are readable by the portal's own user only. New files get mode 600 (the process's umask), and the folder and
/// what an earlier version left in it are tightened at start.
/// </summary>
public static class OwnerOnlyFiles
{
    private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void Secure(string dataFolder)
    {
        if (OperatingSystem.IsWindows())
        {
            // Windows folders inherit their ACL; the service account's profile or a folder it owns is private already.
            Directory.CreateDirectory(dataFolder);
            return;
        }

        // Group and others lose every permission on whatever this process creates from now on (SQLite, keys, mail).
        _ = SetUmask(Convert.ToUInt32("077", 8));
        Directory.CreateDirectory(dataFolder, OwnerFolder);
        File.SetUnixFileMode(dataFolder, OwnerFolder);
        foreach (var entry in new DirectoryInfo(dataFolder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories))
        {
            entry.UnixFileMode = entry is DirectoryInfo ? OwnerFolder : OwnerFile;
        }
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code for this one blittable call.
    [DllImport("libc", EntryPoint = "umask")]
    private static extern uint SetUmask(uint mask);
#pragma warning restore SYSLIB1054
}
