using System.Text.Json.Serialization;

namespace Yilianyun.Sandbox.State;

/// <summary>
/// The emulator's database: all state behind one lock, optionally kept in a JSON file. Every read and write goes
/// through <see cref="Read{T}"/> / <see cref="Write{T}"/>, so concurrent requests (two refreshes of one refresh token,
/// two prints with one origin_id) are serialized. With a file, a write is in it before <see cref="Write{T}"/> returns,
/// so nothing the sandbox has answered is lost when its process is killed.
/// </summary>
public sealed class SandboxStore
{
    private static readonly JsonSerializerOptions FileJson = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly Lock _gate = new();
    private readonly SandboxStateData _data;
    private readonly SandboxStateFile? _file;

    public SandboxStore(IOptions<SandboxOptions> options, ILogger<SandboxStore> logger)
    {
        var settings = options.Value;
        _file = string.IsNullOrWhiteSpace(settings.StateFile) ? null : new SandboxStateFile(settings.StateFile, logger);
        _data = _file?.Load<SandboxStateData>(FileJson) ?? new SandboxStateData();
        Seed(settings);
        _file?.Save(_data, FileJson);
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
            var result = write(_data);
            _file?.Save(_data, FileJson);
            return result;
        }
    }

    public void Write(Action<SandboxStateData> write) => Write(data =>
    {
        write(data);
        return true;
    });

    internal string IssueCode(string clientId, string machineCode, DateTimeOffset now, TimeSpan lifetime)
    {
        var code = NewSecret(16);
        Write(data =>
        {
            // Expired codes go here, so the list holds only the few still waiting to be used.
            data.Codes.RemoveAll(c => c.ExpiresAt <= now);
            data.Codes.Add(new AuthorizationCode(code, clientId, machineCode, now + lifetime));
        });
        return code;
    }

    /// <summary>Removes and returns the code (single use) whether or not it is still valid; call inside a write.</summary>
    internal AuthorizationCode? TakeCode(string code)
    {
        lock (_gate)
        {
            var index = _data.Codes.FindIndex(c => c.Code == code);
            if (index < 0)
            {
                return null;
            }

            var found = _data.Codes[index];
            _data.Codes.RemoveAt(index);
            return found;
        }
    }

    /// <summary>Random lower-case hex, used for tokens, codes and generated secrets.</summary>
    public static string NewSecret(int bytes = 16) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

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
    }
}
