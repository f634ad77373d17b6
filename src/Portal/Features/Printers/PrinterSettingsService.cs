namespace Portal.Features.Printers;

/// <summary>
/// The platform's device calls on one printer: sound, restart/shutdown, logo, key print, accept/reject buttons,
/// built-in voices and the app menu. Owners and Admins only; each change goes through the token keeper (refresh once
/// on 18), is audited as <c>printer.setting-changed</c> with what changed, and a refusal comes back in words.
/// The platform decides which models support what (e.g. voices are for "A" models); the portal does not guess.
/// It cannot read settings back either, so what went through is remembered per setting (<see cref="LastSetAsync"/>).
/// </summary>
public sealed class PrinterSettingsService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PrinterTokenKeeper keeper,
    AuditLog audit,
    TimeProvider timeProvider,
    IStringLocalizer<PrinterSettingsService> L)
{
    public const int MaxUrlLength = 500;

    public const int MaxVoiceTextLength = 100;

    public const int MaxMenuNameLength = 20;

    /// <summary>The text-to-speech voices the platform offers (<c>printer/setvoice</c>).</summary>
    public static readonly IReadOnlyList<int> VoiceTypes = [0, 1, 3, 4];

    public Task<ServiceResult> SetSoundAsync(Guid printerId, SoundType type, int volume, CancellationToken cancellationToken = default) =>
        volume is < 0 or > 3
            ? Task.FromResult(ServiceResult.Fail(L["The volume is 0 (mute) to 3."]))
            : ChangeAsync(printerId, new(PrinterSettingKeys.Sound, $"{type}:{volume}"),
                AuditDetail.Of("sound: {0}, volume {1}", type == SoundType.Horn ? AuditDetail.Word("horn") : AuditDetail.Word("buzzer"), AuditDetail.Number(volume)),
                (c, t, m) => c.SetSoundAsync(t, m, type, volume, cancellationToken), cancellationToken);

    public Task<ServiceResult> PowerAsync(Guid printerId, PowerAction action, CancellationToken cancellationToken = default) =>
        ChangeAsync(printerId, new(PrinterSettingKeys.Power), action == PowerAction.Shutdown ? AuditDetail.Of("shut down") : AuditDetail.Of("restarted"),
            (c, t, m) => c.ShutdownRestartAsync(t, m, action, cancellationToken), cancellationToken);

    public Task<ServiceResult> SetLogoAsync(Guid printerId, string? imageUrl, CancellationToken cancellationToken = default) =>
        WebAddress(imageUrl) is not { } url
            ? Task.FromResult(ServiceResult.Fail(L["Enter the logo's web address (http or https, at most {0} characters).", MaxUrlLength]))
            : ChangeAsync(printerId, new(PrinterSettingKeys.Logo, url), AuditDetail.Of("logo set to {0}", url), (c, t, m) => c.SetIconAsync(t, m, url, cancellationToken), cancellationToken);

    public Task<ServiceResult> RemoveLogoAsync(Guid printerId, CancellationToken cancellationToken = default) =>
        ChangeAsync(printerId, new(PrinterSettingKeys.Logo), AuditDetail.Of("logo removed"), (c, t, m) => c.DeleteIconAsync(t, m, cancellationToken), cancellationToken);

    public Task<ServiceResult> SetKeyPrintAsync(Guid printerId, bool enabled, CancellationToken cancellationToken = default) =>
        ChangeAsync(printerId, new(PrinterSettingKeys.KeyPrint), enabled ? AuditDetail.Of("key print on") : AuditDetail.Of("key print off"), (c, t, m) => c.SetButtonPrintAsync(t, m, enabled, cancellationToken), cancellationToken);

    public Task<ServiceResult> SetOrderButtonsAsync(Guid printerId, bool enabled, CancellationToken cancellationToken = default) =>
        ChangeAsync(printerId, new(PrinterSettingKeys.OrderButtons), enabled ? AuditDetail.Of("accept/reject-order buttons on") : AuditDetail.Of("accept/reject-order buttons off"),
            (c, t, m) => c.SetOrderConfirmationAsync(t, m, enabled, cancellationToken), cancellationToken);

    /// <summary>A spoken voice (text to speech) in slot <paramref name="aid"/>.</summary>
    public Task<ServiceResult> SetSpokenVoiceAsync(Guid printerId, int aid, string? text, int volume, int voiceType,
        CancellationToken cancellationToken = default)
    {
        text = text?.Trim();
        string? invalid = aid is < 0 or > 9 ? (string)L["A voice slot is 0 to 9."]
            : string.IsNullOrEmpty(text) || text.Length > MaxVoiceTextLength ? (string)L["The spoken text has 1 to {0} characters.", MaxVoiceTextLength]
            : volume is < 1 or > 9 ? (string)L["The voice volume is 1 to 9."]
            : !VoiceTypes.Contains(voiceType) ? (string)L["Choose one of the offered voices."]
            : null;
        return invalid is not null
            ? Task.FromResult(ServiceResult.Fail(invalid))
            : ChangeAsync(printerId, new(PrinterSettingKeys.Voice(aid)), AuditDetail.Of("voice {0} set to speak \"{1}\"", AuditDetail.Number(aid), text),
                (c, t, m) => c.SetVoiceAsync(t, SetVoiceRequest.Speech(m, text!, volume, voiceType, aid), cancellationToken), cancellationToken);
    }

    /// <summary>An MP3 (under 24 KB, at a web address) in slot <paramref name="aid"/>.</summary>
    public Task<ServiceResult> SetMp3VoiceAsync(Guid printerId, int aid, string? mp3Url, CancellationToken cancellationToken = default) =>
        aid is < 0 or > 9 ? Task.FromResult(ServiceResult.Fail(L["A voice slot is 0 to 9."]))
        : WebAddress(mp3Url) is not { } url ? Task.FromResult(ServiceResult.Fail(L["Enter the MP3's web address (http or https, at most {0} characters).", MaxUrlLength]))
        : ChangeAsync(printerId, new(PrinterSettingKeys.Voice(aid)), AuditDetail.Of("voice {0} set to {1}", AuditDetail.Number(aid), url), (c, t, m) => c.SetVoiceAsync(t, SetVoiceRequest.Mp3(m, url, aid), cancellationToken), cancellationToken);

    public Task<ServiceResult> DeleteVoiceAsync(Guid printerId, int aid, CancellationToken cancellationToken = default) =>
        aid is < 0 or > 9
            ? Task.FromResult(ServiceResult.Fail(L["A voice slot is 0 to 9."]))
            : ChangeAsync(printerId, new(PrinterSettingKeys.Voice(aid)), AuditDetail.Of("voice {0} deleted", AuditDetail.Number(aid)), (c, t, m) => c.DeleteVoiceAsync(t, m, aid, cancellationToken), cancellationToken);

    /// <summary>Adds one entry to the printer's app menu (a name and the page it opens).</summary>
    public Task<ServiceResult> AddMenuAsync(Guid printerId, string? name, string? pageUrl, CancellationToken cancellationToken = default)
    {
        name = name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxMenuNameLength)
        {
            return Task.FromResult(ServiceResult.Fail(L["A menu name has 1 to {0} characters.", MaxMenuNameLength]));
        }

        return WebAddress(pageUrl) is not { } url
            ? Task.FromResult(ServiceResult.Fail(L["Enter the menu page's web address (http or https, at most {0} characters).", MaxUrlLength]))
            : ChangeAsync(printerId, new(PrinterSettingKeys.Menu), AuditDetail.Of("menu \"{0}\" added ({1})", name, url),
                (c, t, m) => c.AddPrintMenuAsync(t, m, [new PrintMenuItem(name, url)], cancellationToken), cancellationToken);
    }

    /// <summary>What the portal last set on the printer, by <see cref="PrinterSettingKeys">setting</see>; empty for people who cannot manage it.</summary>
    public async Task<IReadOnlyDictionary<string, PrinterSettingRecord>> LastSetAsync(Guid printerId, CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller?.TenantId is not { } tenantId || !caller.Holds(TenantRole.Admin))
        {
            return new Dictionary<string, PrinterSettingRecord>();
        }

        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        return await db.PrinterSettingValues.AsNoTracking().Where(v => v.PrinterId == printerId)
            .ToDictionaryAsync(v => v.Setting, v => new PrinterSettingRecord(v.Setting, v.Detail, v.Value, v.SetAt, v.SetBy), cancellationToken);
    }

    /// <summary>Which setting a change is remembered under, and the value the settings panel starts from next time.</summary>
    private readonly record struct Remembered(string Setting, string? Value = null);

    private async Task<ServiceResult> ChangeAsync(Guid printerId, Remembered remembered, string change, Func<IYilianyunClient, string, string, Task> call,
        CancellationToken cancellationToken)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller?.TenantId is not { } tenantId)
        {
            return ServiceResult.Fail(gate.NoCompany);
        }

        if (!caller.Holds(TenantRole.Admin))
        {
            return ServiceResult.Fail(L["Only the company's Owners and Admins can manage printers."]);
        }

        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        var printer = await db.Printers.AsNoTracking().SingleOrDefaultAsync(p => p.TenantId == tenantId && p.Id == printerId, cancellationToken);
        if (printer is null)
        {
            return ServiceResult.Fail(L["That printer was not found."]);
        }

        if (printer.TokenState is PrinterTokenState.Revoked or PrinterTokenState.NeedsReauthorization)
        {
            return ServiceResult.Fail(L["Re-authorize the printer before changing its settings."]);
        }

        var target = PrinterTokenKeeper.AuditTarget(printer.Name, printer.MachineCode);
        try
        {
            await keeper.CallAsync(tenantId, printerId, async (client, token) =>
            {
                await call(client, token, printer.MachineCode);
                return true;
            }, cancellationToken);
        }
        catch (YilianyunException e)
        {
            audit.Record(db, tenantId, caller, "printer.setting-changed", target, AuditDetail.Refused(change, e), succeeded: false);
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult.Fail(L["The printer did not take the setting: {0}", PrinterMessages.Describe(e)]);
        }

        audit.Record(db, tenantId, caller, "printer.setting-changed", target, change);
        await db.SaveChangesAsync(cancellationToken);
        await RememberAsync(db, tenantId, printerId, remembered, change, caller.DisplayName, cancellationToken);
        return ServiceResult.Ok();
    }

    private async Task RememberAsync(PortalDbContext db, Guid tenantId, Guid printerId, Remembered remembered, string change, string setBy,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var updated = await db.PrinterSettingValues.Where(v => v.PrinterId == printerId && v.Setting == remembered.Setting)
                .ExecuteUpdateAsync(v => v
                    .SetProperty(x => x.Detail, change)
                    .SetProperty(x => x.Value, remembered.Value)
                    .SetProperty(x => x.SetAt, now)
                    .SetProperty(x => x.SetBy, setBy), cancellationToken);
            if (updated > 0)
            {
                return;
            }

            db.PrinterSettingValues.Add(new PrinterSettingValue
            {
                TenantId = tenantId, PrinterId = printerId, Setting = remembered.Setting, Detail = change, Value = remembered.Value, SetAt = now, SetBy = setBy,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException)
            {
                // Someone else's change of the same setting was first to add the row (update it on the next pass), or the
                // printer was removed meanwhile. The setting went through either way; only the memory of it is lost.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static string? WebAddress(string? text)
    {
        text = text?.Trim();
        return text is { Length: > 0 and <= MaxUrlLength } && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? text
            : null;
    }
}
