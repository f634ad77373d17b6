namespace Portal.UnitTests.Features.Printers;

/// <summary>The device settings reach the sandbox printer (read back from its state); refusals come back in words.</summary>
public sealed class SettingsTests : ConnectedPrinterTests
{
    private PrinterSettingsService Settings => Harness.Get<PrinterSettingsService>();

    private string DeviceSettings => Sandbox.Admin.FindPrinter(MachineCode)!.Settings;

    [Fact]
    public async Task Each_setting_reaches_the_printer()
    {
        Assert.True((await Settings.SetSoundAsync(PrinterId, SoundType.Buzzer, 1)).Succeeded);
        Assert.Contains("sound buzzer 1", DeviceSettings);

        Assert.True((await Settings.SetLogoAsync(PrinterId, "https://shop.example/logo.png")).Succeeded);
        Assert.Contains("logo https://shop.example/logo.png", DeviceSettings);
        Assert.True((await Settings.RemoveLogoAsync(PrinterId)).Succeeded);
        Assert.DoesNotContain("logo", DeviceSettings);

        Assert.True((await Settings.SetKeyPrintAsync(PrinterId, true)).Succeeded);
        Assert.Contains("key print on", DeviceSettings);
        Assert.True((await Settings.SetOrderButtonsAsync(PrinterId, true)).Succeeded);
        Assert.Contains("accept/reject on", DeviceSettings);

        Assert.True((await Settings.SetSpokenVoiceAsync(PrinterId, 3, "您有新订单", 5, 0)).Succeeded);
        Assert.True((await Settings.SetMp3VoiceAsync(PrinterId, 4, "https://shop.example/ding.mp3")).Succeeded);
        Assert.Contains("voices 3,4", DeviceSettings);
        Assert.True((await Settings.DeleteVoiceAsync(PrinterId, 3)).Succeeded);
        Assert.Contains("voices 4", DeviceSettings);

        Assert.True((await Settings.AddMenuAsync(PrinterId, "Shop", "https://shop.example/menu?a=1&b=2")).Succeeded);
        Assert.Contains("menus Shop", DeviceSettings);

        Assert.True((await Settings.PowerAsync(PrinterId, PowerAction.Restart)).Succeeded);
        Assert.Contains("restarts 1", DeviceSettings);
        Assert.True((await Settings.PowerAsync(PrinterId, PowerAction.Shutdown)).Succeeded);
        Assert.Equal(SandboxPrinterState.Offline, Sandbox.Admin.FindPrinter(MachineCode)!.State);

        await using var db = await Harness.DbFactory.CreateForTenantAsync(TenantId);
        var stored = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "printer.setting-changed").OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync();
        var audit = stored.Select(detail => AuditDetail.Describe(PortalStringLocalizer.Shared, detail)).ToList();
        Assert.Equal(11, audit.Count);
        Assert.Equal("sound: buzzer, volume 1", audit[0]);
        Assert.Contains("shut down", audit);
    }

    [Fact]
    public async Task What_went_through_is_remembered_per_setting_and_a_refusal_is_not()
    {
        Assert.Empty(await Settings.LastSetAsync(PrinterId));

        await Settings.SetSoundAsync(PrinterId, SoundType.Buzzer, 3);
        await Settings.SetSoundAsync(PrinterId, SoundType.Horn, 1);
        await Settings.SetSpokenVoiceAsync(PrinterId, 3, "您有新订单", 5, 0);
        await Settings.SetMp3VoiceAsync(PrinterId, 4, "https://shop.example/ding.mp3");
        await Settings.SetLogoAsync(PrinterId, "https://shop.example/logo.png");
        await Settings.RemoveLogoAsync(PrinterId);
        Sandbox.Admin.SetPrinterState(MachineCode, SandboxPrinterState.Offline);
        Assert.False((await Settings.SetOrderButtonsAsync(PrinterId, true)).Succeeded);

        var last = await Settings.LastSetAsync(PrinterId);
        Assert.Equal([PrinterSettingKeys.Logo, PrinterSettingKeys.Sound, PrinterSettingKeys.Voice(3), PrinterSettingKeys.Voice(4)], last.Keys.Order());
        Assert.Equal("Horn:1", last[PrinterSettingKeys.Sound].Value);
        Assert.Equal("sound: horn, volume 1", AuditDetailTests.InLanguage("en-US", last[PrinterSettingKeys.Sound].Detail));
        Assert.Equal("声音：喇叭，音量 1", AuditDetailTests.InLanguage("zh-CN", last[PrinterSettingKeys.Sound].Detail));
        Assert.Equal("Alpha Noodles owner", last[PrinterSettingKeys.Sound].SetBy);
        Assert.Null(last[PrinterSettingKeys.Logo].Value);
        Assert.Equal("logo removed", AuditDetailTests.InLanguage("en-US", last[PrinterSettingKeys.Logo].Detail));
        Assert.Contains("您有新订单", last[PrinterSettingKeys.Voice(3)].Detail);

        // One row per setting, and only the company's Owners and Admins read them.
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            Assert.Equal(4, await db.PrinterSettingValues.CountAsync());
        }

        var member = await Harness.AddUserAsync("member@a.test");
        await Harness.AddMemberAsync(TenantId, member, TenantRole.Member);
        Harness.SignIn(member);
        Assert.Empty(await Settings.LastSetAsync(PrinterId));
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        Harness.SignIn(beta);
        Assert.Empty(await Settings.LastSetAsync(PrinterId));
    }

    [Fact]
    public async Task The_platform_refusal_comes_back_in_words_and_is_audited()
    {
        Sandbox.Admin.SetPrinterState(MachineCode, SandboxPrinterState.Offline);

        var offline = await Settings.SetOrderButtonsAsync(PrinterId, true);
        Sandbox.Faults.Add(new SandboxFault { Path = "printer/setvoice", ForceError = 48 });
        var unsupported = await Settings.SetSpokenVoiceAsync(PrinterId, 1, "Hello", 5, 0);

        Assert.False(offline.Succeeded);
        Assert.StartsWith("The printer did not take the setting: ", offline.Error);
        Assert.EndsWith("(32)", offline.Error);
        Assert.DoesNotContain("Exception", offline.Error);
        Assert.EndsWith("(48)", unsupported.Error);
        Assert.Contains("accept/reject off", DeviceSettings);
        await using var db = await Harness.DbFactory.CreateForTenantAsync(TenantId);
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
            "volume" => await Settings.SetSoundAsync(PrinterId, SoundType.Horn, 7),
            "logo" => await Settings.SetLogoAsync(PrinterId, "javascript:alert(1)"),
            "slot" => await Settings.DeleteVoiceAsync(PrinterId, 12),
            "voice text" => await Settings.SetSpokenVoiceAsync(PrinterId, 1, new string('x', 500), 5, 0),
            _ => await Settings.AddMenuAsync(PrinterId, "", "https://shop.example"),
        };

        Assert.False(result.Succeeded);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.Equal(calls, Sandbox.Journal.Entries.Count);
    }

    [Fact]
    public async Task Members_revoked_printers_and_other_companies_cannot_change_settings()
    {
        var member = await Harness.AddUserAsync("member@a.test");
        await Harness.AddMemberAsync(TenantId, member, TenantRole.Member);
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        var calls = Sandbox.Journal.Entries.Count;

        Harness.SignIn(member);
        var byMember = await Settings.SetKeyPrintAsync(PrinterId, true);
        Harness.SignIn(beta);
        var byStranger = await Settings.SetKeyPrintAsync(PrinterId, true);

        Assert.Contains("Owners and Admins", byMember.Error);
        Assert.Equal("That printer was not found.", byStranger.Error);
        Assert.Equal(calls, Sandbox.Journal.Entries.Count);

        Harness.SignIn(OwnerId);
        await Harness.Get<PrinterRevocation>().RevokeAsync(PrinterId);
        var afterRevoke = await Settings.SetKeyPrintAsync(PrinterId, true);
        Assert.Contains("Re-authorize", afterRevoke.Error);
        Assert.DoesNotContain("key print on", DeviceSettings);
    }
}
