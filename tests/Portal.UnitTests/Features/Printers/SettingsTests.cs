using Portal.Features.Printers;

namespace Portal.UnitTests.Features.Printers;

/// <summary>The device settings reach the sandbox printer (read back from its state); refusals come back in words.</summary>
public sealed class SettingsTests : IAsyncLifetime
{
    private ServiceHarness _harness = default!;
    private Guid _tenant;
    private Guid _printer;
    private string _machineCode = "";
    private string _owner = "";

    private SandboxHost Sandbox => _harness.Sandbox!;

    private PrinterSettingsService Settings => _harness.Get<PrinterSettingsService>();

    private string DeviceSettings => Sandbox.Admin.FindPrinter(_machineCode)!.Settings;

    public async Task InitializeAsync()
    {
        _harness = await ServiceHarness.CreateAsync(withSandbox: true);
        (_owner, _tenant) = await _harness.AddCompanyAsync("owner@a.test", "Alpha Noodles");
        (_printer, _machineCode) = await _harness.ConnectByConsentAsync(_owner);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Each_setting_reaches_the_printer()
    {
        Assert.True((await Settings.SetSoundAsync(_printer, SoundType.Buzzer, 1)).Succeeded);
        Assert.Contains("sound buzzer 1", DeviceSettings);

        Assert.True((await Settings.SetLogoAsync(_printer, "https://shop.example/logo.png")).Succeeded);
        Assert.Contains("logo https://shop.example/logo.png", DeviceSettings);
        Assert.True((await Settings.RemoveLogoAsync(_printer)).Succeeded);
        Assert.DoesNotContain("logo", DeviceSettings);

        Assert.True((await Settings.SetKeyPrintAsync(_printer, true)).Succeeded);
        Assert.Contains("key print on", DeviceSettings);
        Assert.True((await Settings.SetOrderButtonsAsync(_printer, true)).Succeeded);
        Assert.Contains("accept/reject on", DeviceSettings);

        Assert.True((await Settings.SetSpokenVoiceAsync(_printer, 3, "您有新订单", 5, 0)).Succeeded);
        Assert.True((await Settings.SetMp3VoiceAsync(_printer, 4, "https://shop.example/ding.mp3")).Succeeded);
        Assert.Contains("voices 3,4", DeviceSettings);
        Assert.True((await Settings.DeleteVoiceAsync(_printer, 3)).Succeeded);
        Assert.Contains("voices 4", DeviceSettings);

        Assert.True((await Settings.AddMenuAsync(_printer, "Shop", "https://shop.example/menu?a=1&b=2")).Succeeded);
        Assert.Contains("menus Shop", DeviceSettings);

        Assert.True((await Settings.PowerAsync(_printer, PowerAction.Restart)).Succeeded);
        Assert.Contains("restarts 1", DeviceSettings);
        Assert.True((await Settings.PowerAsync(_printer, PowerAction.Shutdown)).Succeeded);
        Assert.Equal(SandboxPrinterState.Offline, Sandbox.Admin.FindPrinter(_machineCode)!.State);

        await using var db = await _harness.DbFactory.CreateForTenantAsync(_tenant);
        var stored = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "printer.setting-changed").OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync();
        var audit = stored.Select(detail => AuditDetail.Describe(PortalStringLocalizer.Shared, detail)).ToList();
        Assert.Equal(11, audit.Count);
        Assert.Equal("sound: buzzer, volume 1", audit[0]);
        Assert.Contains("shut down", audit);
    }

    [Fact]
    public async Task What_went_through_is_remembered_per_setting_and_a_refusal_is_not()
    {
        Assert.Empty(await Settings.LastSetAsync(_printer));

        await Settings.SetSoundAsync(_printer, SoundType.Buzzer, 3);
        await Settings.SetSoundAsync(_printer, SoundType.Horn, 1);
        await Settings.SetSpokenVoiceAsync(_printer, 3, "您有新订单", 5, 0);
        await Settings.SetMp3VoiceAsync(_printer, 4, "https://shop.example/ding.mp3");
        await Settings.SetLogoAsync(_printer, "https://shop.example/logo.png");
        await Settings.RemoveLogoAsync(_printer);
        Sandbox.Admin.SetPrinterState(_machineCode, SandboxPrinterState.Offline);
        Assert.False((await Settings.SetOrderButtonsAsync(_printer, true)).Succeeded);

        var last = await Settings.LastSetAsync(_printer);
        Assert.Equal([PrinterSettingKeys.Logo, PrinterSettingKeys.Sound, PrinterSettingKeys.Voice(3), PrinterSettingKeys.Voice(4)], last.Keys.Order());
        Assert.Equal("Horn:1", last[PrinterSettingKeys.Sound].Value);
        Assert.Equal("sound: horn, volume 1", AuditDetailTests.InLanguage("en-US", last[PrinterSettingKeys.Sound].Detail));
        Assert.Equal("声音：喇叭，音量 1", AuditDetailTests.InLanguage("zh-CN", last[PrinterSettingKeys.Sound].Detail));
        Assert.Equal("Alpha Noodles owner", last[PrinterSettingKeys.Sound].SetBy);
        Assert.Null(last[PrinterSettingKeys.Logo].Value);
        Assert.Equal("logo removed", AuditDetailTests.InLanguage("en-US", last[PrinterSettingKeys.Logo].Detail));
        Assert.Contains("您有新订单", last[PrinterSettingKeys.Voice(3)].Detail);

        // One row per setting, and only the company's Owners and Admins read them.
        await using (var db = await _harness.DbFactory.CreateForTenantAsync(_tenant))
        {
            Assert.Equal(4, await db.PrinterSettingValues.CountAsync());
        }

        var member = await _harness.AddUserAsync("member@a.test");
        await _harness.AddMemberAsync(_tenant, member, TenantRole.Member);
        _harness.SignIn(member);
        Assert.Empty(await Settings.LastSetAsync(_printer));
        var (beta, _) = await _harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        _harness.SignIn(beta);
        Assert.Empty(await Settings.LastSetAsync(_printer));
    }

    [Fact]
    public async Task The_platform_refusal_comes_back_in_words_and_is_audited()
    {
        Sandbox.Admin.SetPrinterState(_machineCode, SandboxPrinterState.Offline);

        var offline = await Settings.SetOrderButtonsAsync(_printer, true);
        Sandbox.Faults.Add(new SandboxFault { Path = "printer/setvoice", ForceError = 48 });
        var unsupported = await Settings.SetSpokenVoiceAsync(_printer, 1, "Hello", 5, 0);

        Assert.False(offline.Succeeded);
        Assert.StartsWith("The printer did not take the setting: ", offline.Error);
        Assert.EndsWith("(32)", offline.Error);
        Assert.DoesNotContain("Exception", offline.Error);
        Assert.EndsWith("(48)", unsupported.Error);
        Assert.Contains("accept/reject off", DeviceSettings);
        await using var db = await _harness.DbFactory.CreateForTenantAsync(_tenant);
        Assert.Equal(2, await db.AuditEntries.CountAsync(a => a.Action == "printer.setting-changed" && !a.Succeeded));
        var refused = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "printer.setting-changed" && !a.Succeeded)
            .OrderBy(a => a.Id).Select(a => a.Detail).FirstAsync();
        Assert.StartsWith("accept/reject-order buttons on: ", AuditDetailTests.InLanguage("en-US", refused));
        Assert.StartsWith("接单/拒单按键：开启：", AuditDetailTests.InLanguage("zh-CN", refused));
        Assert.EndsWith("(32)", AuditDetailTests.InLanguage("zh-CN", refused));
    }

    [Theory]
    [InlineData("volume")]
    [InlineData("logo")]
    [InlineData("slot")]
    [InlineData("voice text")]
    [InlineData("menu")]
    public async Task Bad_input_is_refused_before_the_platform_is_called(string what)
    {
        var calls = Sandbox.Journal.Entries.Count;

        var result = what switch
        {
            "volume" => await Settings.SetSoundAsync(_printer, SoundType.Horn, 7),
            "logo" => await Settings.SetLogoAsync(_printer, "javascript:alert(1)"),
            "slot" => await Settings.DeleteVoiceAsync(_printer, 12),
            "voice text" => await Settings.SetSpokenVoiceAsync(_printer, 1, new string('x', 500), 5, 0),
            _ => await Settings.AddMenuAsync(_printer, "", "https://shop.example"),
        };

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Equal(calls, Sandbox.Journal.Entries.Count);
    }

    [Fact]
    public async Task Members_revoked_printers_and_other_companies_cannot_change_settings()
    {
        var member = await _harness.AddUserAsync("member@a.test");
        await _harness.AddMemberAsync(_tenant, member, TenantRole.Member);
        var (beta, _) = await _harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var calls = Sandbox.Journal.Entries.Count;

        _harness.SignIn(member);
        var byMember = await Settings.SetKeyPrintAsync(_printer, true);
        _harness.SignIn(beta);
        var byStranger = await Settings.SetKeyPrintAsync(_printer, true);

        Assert.Contains("Owners and Admins", byMember.Error);
        Assert.Equal("That printer was not found.", byStranger.Error);
        Assert.Equal(calls, Sandbox.Journal.Entries.Count);

        _harness.SignIn(_owner);
        await _harness.Get<PrinterRevocation>().RevokeAsync(_printer);
        var afterRevoke = await Settings.SetKeyPrintAsync(_printer, true);
        Assert.Contains("Re-authorize", afterRevoke.Error);
        Assert.DoesNotContain("key print on", DeviceSettings);
    }
}
