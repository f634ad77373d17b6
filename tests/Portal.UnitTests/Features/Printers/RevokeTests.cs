namespace Portal.UnitTests.Features.Printers;

/// <summary>Revoke and verify against the sandbox: upstream ok or failing, revoke-all, the operators' path, isolation, reconnecting.</summary>
public sealed class RevokeTests() : AlphaCompanyTests
{
    [Fact]
    public async Task Revoking_unbinds_upstream_wipes_the_tokens_and_proves_the_old_token_is_refused()
    {
        var (id, machineCode) = await Harness.ConnectByConsentAsync(OwnerId);
        var oldToken = await AccessTokenAsync(TenantId, id);

        var result = await Harness.Get<PrinterRevocation>().RevokeAsync(id);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(result.Value!.Revoked);
        Assert.True(result.Value.Verified);
        Assert.Null(result.Value.Warning);
        var printer = await Harness.LoadPrinterAsync(TenantId, id);
        Assert.Equal(PrinterTokenState.Revoked, printer.TokenState);
        Assert.Null(printer.ProtectedAccessToken);
        Assert.Null(printer.ProtectedRefreshToken);
        Assert.Null(printer.NextRefreshAt);
        Assert.Null(printer.AccessExpiresAt);
        Assert.Equal(PrinterOnlineState.Unknown, printer.OnlineState);
        Assert.Empty(Sandbox.Admin.FindPrinter(machineCode)!.AuthorizedClientIds);
        Assert.Equal(1, Sandbox.Journal.Entries.Count(e => e.Path == "printer/deleteprinter" && e.Error == 0));
        // The probe: one status call after the delete, answered 18.
        Assert.Equal(18, Sandbox.Journal.Entries.Last(e => e.Path == "printer/getprintstatus").Error);

        var events = await Harness.EventsAsync(TenantId, id);
        Assert.Contains(events, e => e.Kind == PrinterTokenEventKind.Revoked && e.Detail!.Contains("accepted printer/deleteprinter"));
        var proof = Assert.Single(events, e => e.Kind == PrinterTokenEventKind.RevokeVerified);
        Assert.StartsWith("verified: the platform answered the old token with ", Words(proof.Detail));
        Assert.EndsWith("(18)", Words(proof.Detail));
        Assert.DoesNotContain(events, e => e.Detail?.Contains(oldToken, StringComparison.Ordinal) == true);

        var audit = await AuditAsync(TenantId);
        Assert.Contains(audit, a => a.Action == "printer.revoked" && a.Succeeded && !a.CrossTenant);
        Assert.Contains(audit, a => a.Action == "printer.revoke-verified" && a.Succeeded && a.Detail!.Contains("18"));
        Assert.DoesNotContain(audit, a => a.Detail?.Contains(oldToken, StringComparison.Ordinal) == true);

        // Read through the sandbox itself: the old token answers 18.
        var client = await OpenAppClientAsync();
        var refused = await Assert.ThrowsAsync<YilianyunException>(() => client.GetPrintStatusAsync(oldToken, machineCode));
        Assert.Equal(18, refused.Error.Code);
    }

    [Fact]
    public async Task When_the_platform_refuses_the_printer_is_still_revoked_here_with_a_warning()
    {
        var (id, machineCode) = await Harness.ConnectByConsentAsync(OwnerId);
        var oldToken = await AccessTokenAsync(TenantId, id);
        Sandbox.Faults.Add(new SandboxFault { Path = "printer/deleteprinter", ForceError = 45 });

        var result = await Harness.Get<PrinterRevocation>().RevokeAsync(id);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(result.Value!.Revoked);
        Assert.False(result.Value.Verified);
        Assert.Contains("refused the revocation", result.Value.Warning);
        Assert.Contains("still accepts the old token", result.Value.Warning);
        var printer = await Harness.LoadPrinterAsync(TenantId, id);
        Assert.Equal(PrinterTokenState.Revoked, printer.TokenState);
        Assert.Null(printer.ProtectedAccessToken);
        var events = await Harness.EventsAsync(TenantId, id);
        Assert.Contains(events, e => e.Kind == PrinterTokenEventKind.Revoked && Words(e.Detail).Contains("refused printer/deleteprinter (") && Words(e.Detail).Contains("(45)"));
        Assert.Contains(events, e => e.Kind == PrinterTokenEventKind.RevokeNotVerified && Words(e.Detail).StartsWith("still accepted!"));
        Assert.Contains(await AuditAsync(TenantId), a => a.Action == "printer.revoke-verified" && !a.Succeeded);
        // The platform indeed still honours the token: the warning tells the truth.
        Assert.Contains(SandboxHost.OpenApp.ClientId, Sandbox.Admin.FindPrinter(machineCode)!.AuthorizedClientIds);
        await (await OpenAppClientAsync()).GetPrintStatusAsync(oldToken, machineCode);
    }

    [Fact]
    public async Task A_token_that_is_already_dead_still_revokes_locally_and_the_probe_proves_it_dead()
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);
        // 40 days on, both the access and the refresh token are past their lifetimes.
        Harness.Clock.Advance(TimeSpan.FromDays(40));

        var result = await Harness.Get<PrinterRevocation>().RevokeAsync(id);

        Assert.True(result.Value!.Revoked);
        Assert.True(result.Value.Verified);
        Assert.Contains("no longer accepts the old token", result.Value.Warning);
        Assert.Equal(PrinterTokenState.Revoked, (await Harness.LoadPrinterAsync(TenantId, id)).TokenState);
    }

    [Fact]
    public async Task Unprinted_jobs_are_closed_and_the_platform_cancels_the_sent_ones()
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);
        var queued = await AddJobAsync(TenantId, id, PrintJobState.Queued);
        var sent = await AddJobAsync(TenantId, id, PrintJobState.Sent);
        var printed = await AddJobAsync(TenantId, id, PrintJobState.Printed);

        await Harness.Get<PrinterRevocation>().RevokeAsync(id);

        await using var db = await Harness.DbFactory.CreateForTenantAsync(TenantId);
        var jobs = await db.PrintJobs.AsNoTracking().ToDictionaryAsync(j => j.Id);
        Assert.Equal(PrintJobState.Cancelled, jobs[queued].State);
        Assert.Equal(PrintJobState.Cancelled, jobs[sent].State);
        Assert.Equal(PrintJobState.Printed, jobs[printed].State);
        Assert.Equal(2, await db.PrintJobEvents.CountAsync(e => e.Kind == PrintJobEventKind.Cancelled));
        Assert.Equal(1, Sandbox.Journal.Entries.Count(e => e.Path == "printer/cancelall" && e.Error == 0));
    }

    [Fact]
    public async Task An_own_app_printer_is_unbound_and_the_app_token_no_longer_reaches_it()
    {
        var device = Sandbox.CreatePrinter();
        var connected = await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(new TerminalKeyInput { MachineCode = device.MachineCode, Msign = device.Msign });

        var result = await Harness.Get<PrinterRevocation>().RevokeAsync(connected.Value);

        Assert.True(result.Value!.Verified, result.Value.Warning);
        Assert.Null(Sandbox.Admin.FindPrinter(device.MachineCode)!.OwnAppClientId);
        var proof = Assert.Single(await Harness.EventsAsync(TenantId, connected.Value), e => e.Kind == PrinterTokenEventKind.RevokeVerified);
        Assert.StartsWith("verified: the platform answered the old token with ", Words(proof.Detail));
        Assert.EndsWith("(8)", Words(proof.Detail));
    }

    [Fact]
    public async Task Another_company_cannot_revoke_my_printer_by_its_id()
    {
        var (alphaPrinter, _) = await Harness.ConnectByConsentAsync(OwnerId);
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        Harness.SignIn(beta);
        var calls = Sandbox.Journal.Entries.Count;

        var result = await Harness.Get<PrinterRevocation>().RevokeAsync(alphaPrinter);

        Assert.False(result.Succeeded);
        Assert.Equal("That printer was not found.", result.Error);
        Assert.Equal(PrinterTokenState.Active, (await Harness.LoadPrinterAsync(TenantId, alphaPrinter)).TokenState);
        Assert.Equal(calls, Sandbox.Journal.Entries.Count);
    }

    [Fact]
    public async Task Members_cannot_revoke_and_admins_cannot_revoke_all()
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);
        var member = await Harness.AddUserAsync("member@a.test");
        await Harness.AddMemberAsync(TenantId, member, TenantRole.Member);
        var admin = await Harness.AddUserAsync("admin@a.test");
        await Harness.AddMemberAsync(TenantId, admin, TenantRole.Admin);

        Harness.SignIn(member);
        Assert.False((await Harness.Get<PrinterRevocation>().RevokeAsync(id)).Succeeded);
        Harness.SignIn(admin);
        var all = await Harness.Get<PrinterRevocation>().RevokeAllAsync();

        AssertRefused(all, "Owners");
        Assert.Equal(PrinterTokenState.Active, (await Harness.LoadPrinterAsync(TenantId, id)).TokenState);
    }

    [Fact]
    public async Task Revoke_all_reports_each_printer_and_leaves_none_active()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add((await Harness.ConnectByConsentAsync(OwnerId)).PrinterId);
        }

        await Harness.Get<PrinterRevocation>().RevokeAsync(ids[0]);
        Sandbox.Faults.Add(new SandboxFault { Path = "printer/deleteprinter", ForceError = 45, Times = 1 });
        var steps = new List<RevokeProgress>();
        var progress = new SynchronousProgress(steps);
        var revocation = Harness.Get<PrinterRevocation>();
        Assert.Equal(5, await revocation.CountRevocableAsync());

        var result = await revocation.RevokeAllAsync(progress);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(5, result.Value!.Count);
        Assert.All(result.Value, o => Assert.True(o.Revoked));
        Assert.Equal(4, result.Value.Count(o => o.Verified && o.Warning is null));
        Assert.Single(result.Value, o => o.Warning is not null);
        Assert.Equal(Enumerable.Range(1, 5), steps.Select(s => s.Done).Order());
        Assert.All(steps, s => Assert.Equal(5, s.Total));
        foreach (var id in ids)
        {
            Assert.Equal(PrinterTokenState.Revoked, (await Harness.LoadPrinterAsync(TenantId, id)).TokenState);
        }

        Assert.Equal(0, await revocation.CountRevocableAsync());
    }

    [Fact]
    public async Task Operators_revoke_across_companies_and_the_audit_says_so()
    {
        var (first, _) = await Harness.ConnectByConsentAsync(OwnerId);
        var (second, _) = await Harness.ConnectByConsentAsync(OwnerId);
        var operatorId = await Harness.AddUserAsync("ops@portal.test", isOperator: true);

        // A tenant member is no operator.
        Assert.False((await Harness.Get<OperatorPrinterService>().RevokeAsync(TenantId, first)).Succeeded);
        Harness.SignIn(operatorId);
        var operators = Harness.Get<OperatorPrinterService>();
        var one = await operators.RevokeAsync(TenantId, first);
        var wrongCompany = await operators.RevokeAsync(Guid.NewGuid(), second);
        var all = await operators.RevokeAllAsync(TenantId);

        Assert.True(one.Value!.Verified);
        Assert.Equal("That printer was not found.", wrongCompany.Error);
        Assert.Single(all.Value!);
        Assert.Equal(PrinterTokenState.Revoked, (await Harness.LoadPrinterAsync(TenantId, second)).TokenState);
        var audit = await AuditAsync(TenantId);
        var revocations = audit.Where(a => a.Action == "printer.revoked").ToList();
        Assert.Equal(2, revocations.Count);
        Assert.All(revocations, a => Assert.True(a.CrossTenant));
        Assert.All(revocations, a => Assert.Equal(operatorId, a.ActorUserId));
    }

    [Fact]
    public async Task Reconnecting_a_revoked_printer_reuses_its_row_and_keeps_the_timeline()
    {
        var (id, machineCode) = await Harness.ConnectByConsentAsync(OwnerId);
        await Harness.Get<PrinterRevocation>().RevokeAsync(id);

        var again = await ConnectAsync(OwnerId, machineCode);

        Assert.True(again.Succeeded, again.Error);
        Assert.Equal(id, again.Value);
        var detail = (await Harness.Get<PrinterQueries>().GetAsync(id)).Value!;
        Assert.Equal(PrinterTokenBadge.Active, detail.Badge);
        Assert.Equal(
            [PrinterTokenEventKind.Reauthorized, PrinterTokenEventKind.RevokeVerified, PrinterTokenEventKind.Revoked, PrinterTokenEventKind.Issued],
            detail.Timeline.Select(e => e.Kind));
        Assert.Equal("reconnected after revocation", Words(detail.Timeline[0].Detail));
        // And it works again: the new token reads the printer.
        Assert.True((await Harness.Get<PrinterMaintenance>().UpdateDeviceInfoAsync(id)).Succeeded);
    }

    [Fact]
    public async Task Reconnecting_by_terminal_key_reuses_the_revoked_row()
    {
        var device = Sandbox.CreatePrinter();
        var input = new TerminalKeyInput { MachineCode = device.MachineCode, Msign = device.Msign };
        var first = await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(input);
        await Harness.Get<PrinterRevocation>().RevokeAsync(first.Value);

        var second = await Harness.Get<PrinterKeyConnection>().ConnectByTerminalKeyAsync(input);

        Assert.Equal(first.Value, second.Value);
        Assert.Equal(PrinterTokenState.Active, (await Harness.LoadPrinterAsync(TenantId, first.Value)).TokenState);
        Assert.Equal(4, (await Harness.EventsAsync(TenantId, first.Value)).Count);
    }

    [Fact]
    public async Task A_revoked_printer_taken_by_another_company_cannot_be_reconnected_and_says_why()
    {
        var (id, machineCode) = await Harness.ConnectByConsentAsync(OwnerId);
        await Harness.Get<PrinterRevocation>().RevokeAsync(id);
        var (beta, _) = await Harness.AddCompanyAsync("owner@b.test", "Beta Tea");
        Assert.True((await ConnectAsync(beta, machineCode)).Succeeded);

        var back = await ConnectAsync(OwnerId, machineCode);

        AssertRefused(back, "connected to another company");
    }

    private async Task<Portal.Infrastructure.Common.ServiceResult<Guid>> ConnectAsync(string userId, string machineCode)
    {
        Harness.SignIn(userId);
        var begun = await Harness.Get<PrinterAuthorizeFlow>().BeginAuthorizeAsync();
        var callback = await Sandbox.ConsentAsync(begun.Value!, machineCode);
        return await Harness.Get<PrinterAuthorizeFlow>().CompleteAuthorizeAsync(callback["code"], callback["state"], callback["error"]);
    }

    private async Task<string> AccessTokenAsync(Guid tenant, Guid id) =>
        Harness.Services.GetRequiredService<PrinterSecrets>().UnprotectToken((await Harness.LoadPrinterAsync(tenant, id)).ProtectedAccessToken!);

    private async Task<IYilianyunClient> OpenAppClientAsync()
    {
        var registry = Harness.Get<PrinterAppResolver>();
        return registry.ClientFor((await registry.DefaultAppAsync(PrinterAppKind.Open))!);
    }

    private Task<List<AuditEntry>> AuditAsync(Guid tenant) =>
        Harness.DbFactory.ReadAsync(tenant, db => db.AuditEntries.AsNoTracking().ToListAsync());

    private Task<Guid> AddJobAsync(Guid tenant, Guid printerId, PrintJobState state)
    {
        var now = Harness.Clock.GetUtcNow();
        return Harness.AddJobAsync(tenant, printerId, state, createdAt: now, sentAt: state == PrintJobState.Queued ? null : now);
    }

    /// <summary>Collects reports as they are made (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class SynchronousProgress(List<RevokeProgress> steps) : IProgress<RevokeProgress>
    {
        public void Report(RevokeProgress value)
        {
            lock (steps)
            {
                steps.Add(value);
            }
        }
    }

    /// <summary>A stored detail as an English reader sees it.</summary>
    private static string Words(string? detail) => Portal.Infrastructure.Audit.AuditDetail.Describe(Portal.Infrastructure.Localization.PortalStringLocalizer.Shared, detail);
}
