using System.Text.Json.Serialization;

namespace Yilianyun.Sandbox.State;

/// <summary>
/// The emulator's database: all state behind one lock, optionally mirrored to a JSON file.
/// Every read and write goes through <see cref="Read{T}"/> / <see cref="Write{T}"/>, so concurrent requests
/// (two refreshes of one refresh token, two prints with one origin_id) are serialized.
/// </summary>
public sealed class SandboxStore
{
    private static readonly JsonSerializerOptions FileJson = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Lock _gate = new();
    private readonly SandboxStateData _data;
    private readonly Dictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly string? _stateFile;
    private readonly ILogger<SandboxStore> _logger;
    private bool _dirty;

    public SandboxStore(IOptions<SandboxOptions> options, ILogger<SandboxStore> logger)
    {
        _logger = logger;
        var settings = options.Value;
        _stateFile = string.IsNullOrWhiteSpace(settings.StateFile) ? null : Path.GetFullPath(settings.StateFile);
        _data = Load() ?? new SandboxStateData();
        Seed(settings);
    }

    public T Read<T>(Func<SandboxStateData, T> read)
    {
        lock (_gate)
        {
            return read(_data);
        }
    }

    public T Write<T>(Func<SandboxStateData, T> write)
    {
        lock (_gate)
        {
            _dirty = true;
            return write(_data);
        }
    }

    public void Write(Action<SandboxStateData> write) => Write(data =>
    {
        write(data);
        return true;
    });

    internal string IssueCode(string clientId, string machineCode, DateTimeOffset expiresAt)
    {
        var code = NewSecret(16);
        lock (_gate)
        {
            _codes[code] = new AuthorizationCode(code, clientId, machineCode, expiresAt);
        }

        return code;
    }

    /// <summary>Removes and returns the code (single use) whether or not it is still valid; call inside a write.</summary>
    internal AuthorizationCode? TakeCode(string code)
    {
        lock (_gate)
        {
            return _codes.Remove(code, out var found) ? found : null;
        }
    }

    /// <summary>Writes the state file if anything changed since the last save.</summary>
    public void Flush()
    {
        if (_stateFile is null)
        {
            return;
        }

        string json;
        lock (_gate)
        {
            if (!_dirty)
            {
                return;
            }

            json = JsonSerializer.Serialize(_data, FileJson);
            _dirty = false;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_stateFile)!);
            var temporary = _stateFile + ".tmp";
            File.WriteAllText(temporary, json);
            File.Move(temporary, _stateFile, overwrite: true);
        }
        catch (IOException exception)
        {
            lock (_gate)
            {
                _dirty = true;
            }

            _logger.LogWarning(exception, "Could not save the sandbox state file {StateFile}", _stateFile);
        }
    }

    /// <summary>Random lower-case hex, used for tokens, codes and generated secrets.</summary>
    public static string NewSecret(int bytes = 16) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private SandboxStateData? Load()
    {
        if (_stateFile is null || !File.Exists(_stateFile))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SandboxStateData>(File.ReadAllText(_stateFile), FileJson);
        }
        catch (JsonException exception)
        {
            _logger.LogWarning(exception, "Ignoring unreadable sandbox state file {StateFile}", _stateFile);
            return null;
        }
    }

    /// <summary>Configuration wins for the apps it names; configured printers are added only when missing.</summary>
    private void Seed(SandboxOptions settings)
    {
        foreach (var configured in settings.Apps.Where(a => !string.IsNullOrWhiteSpace(a.ClientId)))
        {
            _data.Apps.RemoveAll(a => a.ClientId == configured.ClientId);
            _data.Apps.Add(configured with { Name = string.IsNullOrWhiteSpace(configured.Name) ? configured.ClientId : configured.Name });
        }

        foreach (var configured in settings.Printers.Where(p => !string.IsNullOrWhiteSpace(p.MachineCode)))
        {
            if (_data.FindPrinter(configured.MachineCode) is not null)
            {
                continue;
            }

            _data.AddPrinter(new VirtualPrinter
            {
                MachineCode = configured.MachineCode,
                Msign = configured.Msign,
                Model = configured.Model,
                PaperWidth = configured.PaperWidth,
                State = configured.State,
                OwnAppClientId = configured.BoundToClientId,
            });
        }

        _dirty = true;
    }
}
