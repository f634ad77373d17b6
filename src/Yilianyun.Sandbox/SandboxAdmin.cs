namespace Yilianyun.Sandbox;

public sealed record SandboxPrinterInfo(
    string MachineCode,
    string Msign,
    string Model,
    PaperWidth PaperWidth,
    SandboxPrinterState State,
    string? MerchantName,
    string? OwnAppClientId,
    IReadOnlyList<string> AuthorizedClientIds)
{
    /// <summary>What the device endpoints set, in one line for the printer page.</summary>
    public string Settings { get; init; } = "";

    /// <summary>Bound to an own app or authorized to an open one: someone holds it.</summary>
    public bool InUse => OwnAppClientId is not null || AuthorizedClientIds.Count > 0;
}

public sealed record SandboxJobInfo(
    long Id,
    string ClientId,
    string MachineCode,
    string OriginId,
    PrintJobKind Kind,
    string Content,
    PrintJobStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? PrintedAt,
    long? ReprintOf);

/// <summary>
/// What the admin pages, a host and tests use to look at and change the emulated platform:
/// register apps, create virtual printers, switch their state, read their receipts.
/// </summary>
public sealed class SandboxAdmin(SandboxStore store, SandboxPrinterClock clock, IOptions<SandboxOptions> options, TimeProvider time)
{
    public IReadOnlyList<SandboxAppOptions> Apps => store.Read(data => data.Apps.Select(a => a with { }).ToList());

    public IReadOnlyList<SandboxPrinterInfo> Printers => store.Read(data => data.Printers.Select(p => ToInfo(data, p)).ToList());

    public SandboxAppOptions? FindApp(string clientId) => Apps.FirstOrDefault(a => a.ClientId == clientId);

    public SandboxPrinterInfo? FindPrinter(string machineCode) =>
        store.Read(data => data.FindPrinter(machineCode) is { } printer ? ToInfo(data, printer) : null);

    /// <summary>Registers or replaces an app. Returns false when ClientId or ClientSecret is blank.</summary>
    public bool SaveApp(SandboxAppOptions app)
    {
        if (string.IsNullOrWhiteSpace(app.ClientId) || string.IsNullOrWhiteSpace(app.ClientSecret))
        {
            return false;
        }

        store.Write(data =>
        {
            data.Apps.RemoveAll(a => a.ClientId == app.ClientId);
            data.Apps.Add(app with
            {
                Name = string.IsNullOrWhiteSpace(app.Name) ? app.ClientId.Trim() : app.Name.Trim(),
                ClientId = app.ClientId.Trim(),
                ClientSecret = app.ClientSecret.Trim(),
                RedirectUri = string.IsNullOrWhiteSpace(app.RedirectUri) ? null : app.RedirectUri.Trim(),
                PushUrl = string.IsNullOrWhiteSpace(app.PushUrl) ? null : app.PushUrl.Trim(),
            });
        });
        return true;
    }

    /// <summary>
    /// Creates a virtual printer. Blank machine code or msign are generated (a 10-digit terminal number and a
    /// 12-character key, like the labels on real printers). Returns null when the machine code is taken.
    /// </summary>
    public SandboxPrinterInfo? CreatePrinter(SandboxPrinterOptions printer, string? merchantName = null)
    {
        var machineCode = string.IsNullOrWhiteSpace(printer.MachineCode)
            ? "40" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999)
            : printer.MachineCode.Trim();
        var msign = string.IsNullOrWhiteSpace(printer.Msign) ? SandboxStore.NewSecret(6) : printer.Msign.Trim();
        return store.Write(data =>
        {
            if (data.FindPrinter(machineCode) is not null)
            {
                return null;
            }

            var created = new VirtualPrinter
            {
                MachineCode = machineCode,
                Msign = msign,
                Model = string.IsNullOrWhiteSpace(printer.Model) ? "K6-WH" : printer.Model.Trim(),
                PaperWidth = printer.PaperWidth,
                State = printer.State,
                MerchantName = merchantName,
                OwnAppClientId = printer.BoundToClientId,
            };
            data.AddPrinter(created);
            return ToInfo(data, created);
        });
    }

    /// <summary>Switches a printer online / offline / out of paper (pushes oauth_printStatus, releases held jobs).</summary>
    public bool SetPrinterState(string machineCode, SandboxPrinterState state) => clock.SetState(machineCode, state);

    /// <summary>
    /// The merchant unbinds the printer in the platform's own app: every app's authorization of it ends (open apps'
    /// tokens for it stop working, an own app's binding goes), as <c>printer/deleteprinter</c> would from each app.
    /// Returns how many apps lost it; null for an unknown printer.
    /// </summary>
    public int? UnbindFromAllApps(string machineCode) => store.Write(data =>
    {
        if (data.FindPrinter(machineCode) is not { } printer)
        {
            return (int?)null;
        }

        var grants = data.Grants.Where(g => g.MachineCode == machineCode).ToList();
        grants.ForEach(data.RemoveGrant);
        // An own app's push addresses for the printer go with its binding.
        data.PushUrls.RemoveAll(p => p.MachineCode == machineCode);
        var apps = grants.Select(g => g.ClientId).Append(printer.OwnAppClientId).OfType<string>().Distinct().Count();
        printer.OwnAppClientId = null;
        return apps;
    });

    /// <summary>The qr_key the printer currently shows and when it rotates.</summary>
    public (string Key, DateTimeOffset RotatesAt)? CurrentQrKey(string machineCode)
    {
        var now = time.GetUtcNow();
        var lifetime = options.Value.QrKeyLifetime;
        return store.Read(data => data.FindPrinter(machineCode) is { } printer
            ? (QrKeys.Current(printer, now, lifetime), QrKeys.RotatesAt(now, lifetime))
            : ((string, DateTimeOffset)?)null);
    }

    /// <summary>The printer's jobs, newest first (all apps).</summary>
    public IReadOnlyList<SandboxJobInfo> Jobs(string machineCode)
    {
        clock.Tick();
        return store.Read(data => data.Index.JobsOf(machineCode)
            .OrderByDescending(j => j.Id)
            .Select(j => new SandboxJobInfo(j.Id, j.ClientId, j.MachineCode, j.OriginId, j.Kind, j.Content, j.Status, j.ReceivedAt, j.PrintedAt, j.ReprintOf))
            .ToList());
    }

    private static SandboxPrinterInfo ToInfo(SandboxStateData data, VirtualPrinter printer) => new(
        printer.MachineCode,
        printer.Msign,
        printer.Model,
        printer.PaperWidth,
        printer.State,
        printer.MerchantName,
        printer.OwnAppClientId,
        data.Grants.Where(g => g.MachineCode == printer.MachineCode && g.MachineCode.Length > 0).Select(g => g.ClientId).Distinct().ToList())
    {
        Settings = string.Join(" · ", new[]
        {
            printer.PrintName is null ? null : $"名称 name {printer.PrintName}",
            $"声音 sound {printer.SoundType} {printer.Volume}",
            printer.IconUrl is null ? null : $"logo {printer.IconUrl}",
            $"按键打印 key print {(printer.ButtonPrint ? "on" : "off")}",
            $"接单拒单 accept/reject {(printer.AcceptRejectButtons ? "on" : "off")}",
            printer.Voices.Count == 0 ? null : $"语音 voices {string.Join(",", printer.Voices.Keys.Order())}",
            printer.Menus.Count == 0 ? null : $"菜单 menus {string.Join(",", printer.Menus.Select(m => m.Name))}",
            printer.Restarts == 0 ? null : $"重启 restarts {printer.Restarts}",
        }.OfType<string>()),
    };
}
