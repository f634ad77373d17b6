namespace Yilianyun.Sandbox.State;

/// <summary>
/// The JSON file the sandbox keeps its state in. It holds tokens and client secrets, so it and the folder the sandbox
/// creates for it are readable by the sandbox's own user only. A save writes a new file and renames it over the old
/// one: a process killed mid-save leaves the previous state, never half of one.
/// </summary>
internal sealed class SandboxStateFile(string path, ILogger logger)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _path = Path.GetFullPath(path);

    public T? Load<T>(JsonSerializerOptions json)
        where T : class
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(_path), json);
        }
        catch (JsonException exception)
        {
            logger.LogWarning(exception, "Ignoring unreadable sandbox state file {StateFile}", _path);
            return null;
        }
    }

    /// <summary>Writes the state; a failure is thrown, so no answer goes out for a change that is not on disk.</summary>
    public void Save<T>(T state, JsonSerializerOptions json)
    {
        var temporary = _path + ".tmp";
        try
        {
            CreateFolder();
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, state, json);
            }

            File.Move(temporary, _path, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogError(exception, "Could not save the sandbox state file {StateFile}", _path);
            throw;
        }
    }

    private void CreateFolder()
    {
        var folder = Path.GetDirectoryName(_path)!;
        if (Directory.Exists(folder))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, OwnerOnly | UnixFileMode.UserExecute);
        }
    }
}
