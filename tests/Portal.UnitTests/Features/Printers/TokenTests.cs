namespace Portal.UnitTests.Features.Printers;

/// <summary>The refresher (single-flight, budget, 40 simulated days) and the platform's error codes.</summary>
public sealed class TokenTests() : AlphaCompanyTests
{
    [Fact]
    public async Task Refresher_keeps_tokens_alive_for_forty_days_within_the_daily_limit()
    {
        var printers = new List<(Guid Id, string MachineCode)>();
        for (var i = 0; i < 3; i++)
        {
            printers.Add(await Harness.ConnectByConsentAsync(OwnerId));
            Harness.Clock.Advance(TimeSpan.FromHours(7));
        }

        var refresher = Harness.Services.GetRequiredService<PrinterRefresher>();
        var start = Harness.Clock.GetUtcNow();
        while (Harness.Clock.GetUtcNow() < start.AddDays(40))
        {
            Harness.Clock.Advance(TimeSpan.FromHours(1));
            await refresher.SweepOnceAsync();
            foreach (var (id, _) in printers)
            {
                var printer = await Harness.LoadPrinterAsync(TenantId, id);
                Assert.Equal(PrinterTokenState.Active, printer.TokenState);
                Assert.True(printer.AccessExpiresAt > Harness.Clock.GetUtcNow().AddDays(4), "the access token came within 4 days of expiry");
            }
        }

        var refreshesPerPrinterDay = Sandbox.Journal.Entries.Where(e => e.GrantType == "refresh_token")
            .GroupBy(e => (e.Time.ToOffset(TimeSpan.FromHours(8)).Date, e.ClientId)).Select(g => g.Count());
        Assert.All(refreshesPerPrinterDay, n => Assert.True(n <= 20));
        foreach (var (id, _) in printers)
        {
            var events = await Harness.EventsAsync(TenantId, id);
            Assert.InRange(events.Count(e => e.Kind == PrinterTokenEventKind.Refreshed), 1, 3);
            Assert.All(events.Where(e => e.Kind == PrinterTokenEventKind.Refreshed), e => Assert.Null(e.ActorName));
        }

        // The refreshed tokens are the ones the platform now honours.
        Harness.SignIn(OwnerId);
        var read = await Harness.Get<PrinterMaintenance>().UpdateDeviceInfoAsync(printers[0].Id);
        Assert.True(read.Succeeded, read.Error);
    }

    [Fact]
    public async Task Two_refresher_instances_refresh_each_token_exactly_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add((await Harness.ConnectByConsentAsync(OwnerId)).PrinterId);
        }

        Harness.Clock.Advance(TimeSpan.FromDays(26));
        var first = ActivatorUtilities.CreateInstance<PrinterRefresher>(Harness.Services);
        var second = ActivatorUtilities.CreateInstance<PrinterRefresher>(Harness.Services);
        Sandbox.Journal.Clear();

        await Task.WhenAll(first.SweepOnceAsync(), second.SweepOnceAsync(), first.SweepOnceAsync(), second.SweepOnceAsync());

        Assert.Equal(ids.Count, Sandbox.TokenRequests("refresh_token"));
        foreach (var id in ids)
        {
            Assert.Single(await Harness.EventsAsync(TenantId, id), e => e.Kind == PrinterTokenEventKind.Refreshed);
        }
    }

    [Fact]
    public async Task Storing_a_sweeps_outcomes_skips_a_row_whose_lease_was_lost_and_keeps_the_others()
    {
        var kept = (await Harness.ConnectByConsentAsync(OwnerId)).PrinterId;
        var lost = (await Harness.ConnectByConsentAsync(OwnerId)).PrinterId;
        var (keptLease, lostLease, newHolder) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            await db.Printers.Where(p => p.Id == kept).ExecuteUpdateAsync(p => p.SetProperty(x => x.Version, keptLease));
            // This claim ran past its lease and another sweep holds the row now.
            await db.Printers.Where(p => p.Id == lost).ExecuteUpdateAsync(p => p.SetProperty(x => x.Version, newHolder));
        }

        var before = await Harness.LoadPrinterAsync(TenantId, lost);
        var grant = new Yilianyun.AccessTokenGrant { AccessToken = "new-access-token-1", RefreshToken = "new-refresh-token-1", AccessTokenExpiresAt = Harness.Clock.GetUtcNow().AddDays(30), RefreshTokenExpiresAt = Harness.Clock.GetUtcNow().AddDays(35) };
        RefreshResult Refreshed(Guid id, Guid lease) => new(new RefreshClaim(TenantId, id, lease, "unused", "printer"), grant, null, RefreshOutcome.Refreshed);
        await using (var scope = Harness.Services.CreateAsyncScope())
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            await scope.ServiceProvider.GetRequiredService<RefreshOutcomeStore>()
                .PersistAsync(db, [Refreshed(kept, keptLease), Refreshed(lost, lostLease)], actorName: null, auditActor: null, CancellationToken.None);
        }

        // Read back through EF Core with a protector made afresh, as a restarted portal reads them.
        var secrets = new PrinterSecrets(Harness.Services.GetRequiredService<Microsoft.AspNetCore.DataProtection.IDataProtectionProvider>());
        var stored = await Harness.LoadPrinterAsync(TenantId, kept);
        Assert.Equal("new-access-token-1", secrets.UnprotectToken(stored.ProtectedAccessToken!));
        Assert.Equal("new-refresh-token-1", secrets.UnprotectRefreshToken(stored.ProtectedRefreshToken!));
        Assert.Equal(grant.AccessTokenExpiresAt, stored.AccessExpiresAt);
        Assert.Equal(grant.RefreshTokenExpiresAt, stored.RefreshExpiresAt);
        Assert.Equal(Harness.Clock.GetUtcNow(), stored.LastRefreshAt);
        Assert.InRange(stored.NextRefreshAt!.Value, Harness.Clock.GetUtcNow(), grant.AccessTokenExpiresAt.Value);
        Assert.Equal(PrinterTokenState.Active, stored.TokenState);
        Assert.Null(stored.RefreshLeaseUntil);
        Assert.NotEqual(keptLease, stored.Version);
        Assert.Single(await Harness.EventsAsync(TenantId, kept), e => e.Kind == PrinterTokenEventKind.Refreshed);
        var untouched = await Harness.LoadPrinterAsync(TenantId, lost);
        Assert.Equal(newHolder, untouched.Version);
        Assert.Equal(before.ProtectedAccessToken, untouched.ProtectedAccessToken);
        Assert.DoesNotContain(await Harness.EventsAsync(TenantId, lost), e => e.Kind == PrinterTokenEventKind.Refreshed);
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            var audited = await db.AuditEntries.Where(e => e.Action == "printer.refreshed").ToListAsync();
            var entry = Assert.Single(audited);
            Assert.Equal("printer", entry.Target);
            Assert.True(entry.Succeeded);
            Assert.Null(entry.ActorUserId);
        }
    }

    [Fact]
    public async Task A_refused_refresh_is_stored_with_its_state_event_and_audit_entry_and_the_lease_released()
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);
        var lease = Guid.NewGuid();
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            await db.Printers.Where(p => p.Id == id).ExecuteUpdateAsync(p => p.SetProperty(x => x.Version, lease)
                .SetProperty(x => x.RefreshLeaseUntil, Harness.Clock.GetUtcNow() + PrinterTokenKeeper.LeaseLength));
        }

        var before = await Harness.LoadPrinterAsync(TenantId, id);
        await using (var scope = Harness.Services.CreateAsyncScope())
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            await scope.ServiceProvider.GetRequiredService<RefreshOutcomeStore>().PersistAsync(db,
                [new RefreshResult(new RefreshClaim(TenantId, id, lease, "unused", "printer"), null, null, RefreshOutcome.ResponseLost)],
                actorName: "Ann", auditActor: null, CancellationToken.None);
        }

        var stored = await Harness.LoadPrinterAsync(TenantId, id);
        Assert.Equal(PrinterTokenState.RefreshFailed, stored.TokenState);
        Assert.Equal(Harness.Clock.GetUtcNow() + RefreshOutcomeStore.ReplayDelay, stored.NextRefreshAt);
        Assert.Null(stored.RefreshLeaseUntil);
        Assert.NotEqual(lease, stored.Version);
        Assert.Equal(before.ProtectedRefreshToken, stored.ProtectedRefreshToken);
        var lostEvent = Assert.Single(await Harness.EventsAsync(TenantId, id), e => e.Kind == PrinterTokenEventKind.ResponseLost);
        Assert.Equal("Ann", lostEvent.ActorName);
        Assert.NotNull(lostEvent.Detail);
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            Assert.False(Assert.Single(await db.AuditEntries.Where(e => e.Action == "printer.refresh-failed").ToListAsync()).Succeeded);
        }
    }

    [Fact]
    public async Task Storing_outcomes_on_one_companys_context_refuses_another_companys_printer_and_writes_nothing()
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);
        var lease = Guid.NewGuid();
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(TenantId))
        {
            await db.Printers.Where(p => p.Id == id).ExecuteUpdateAsync(p => p.SetProperty(x => x.Version, lease));
        }

        var otherTenant = await Harness.AddTenantAsync(await Harness.AddUserAsync("other-owner@example.com"), "Other");
        await using (var scope = Harness.Services.CreateAsyncScope())
        await using (var db = await Harness.DbFactory.CreateForTenantAsync(otherTenant))
        {
            await Assert.ThrowsAsync<TenantMismatchException>(() => scope.ServiceProvider.GetRequiredService<RefreshOutcomeStore>().PersistAsync(db,
                [new RefreshResult(new RefreshClaim(TenantId, id, lease, "unused", "printer"), null, null, RefreshOutcome.Failed)],
                actorName: null, auditActor: null, CancellationToken.None));
        }

        Assert.Equal(lease, (await Harness.LoadPrinterAsync(TenantId, id)).Version);
        Assert.DoesNotContain(await Harness.EventsAsync(TenantId, id), e => e.Kind == PrinterTokenEventKind.RefreshFailed);
    }

    [Fact]
    public async Task Refresh_now_and_the_refresher_do_not_both_refresh()
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);
        Harness.Clock.Advance(TimeSpan.FromDays(26));
        Sandbox.Faults.Add(new SandboxFault { Path = "oauth/oauth", Latency = TimeSpan.FromMilliseconds(1500), Times = 1 });
        Sandbox.Journal.Clear();

        var sweep = Harness.Services.GetRequiredService<PrinterRefresher>().SweepOnceAsync();
        // Click once the sweep holds the printer's lease (its platform call is held up by the fault's latency).
        await WaitUntilLeasedAsync(id);
        var click = await Harness.Get<PrinterMaintenance>().RefreshNowAsync(id);
        await sweep;

        AssertRefused(click, "already under way");
        Assert.Equal(1, Sandbox.TokenRequests("refresh_token"));
    }

    [Fact]
    public async Task A_sweep_stopped_part_way_stores_the_answers_the_platform_already_gave()
    {
        var (first, _) = await Harness.ConnectByConsentAsync(OwnerId);
        var (second, _) = await Harness.ConnectByConsentAsync(OwnerId);
        Harness.Clock.Advance(TimeSpan.FromDays(26));
        // One of the two refresh calls hangs; the other is answered at once, inside the same chunk.
        Sandbox.Faults.Add(new SandboxFault { Path = "oauth/oauth", Latency = TimeSpan.FromMinutes(5), Times = 1 });
        Sandbox.Journal.Clear();
        using var stopping = new CancellationTokenSource();

        var sweep = Harness.Services.GetRequiredService<PrinterRefresher>().SweepOnceAsync(stopping.Token);
        for (var waited = 0; Sandbox.TokenRequests("refresh_token") < 1 && waited < 500; waited++)
        {
            await Task.Delay(20);
        }

        await Task.Delay(300);
        await stopping.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sweep);

        var refreshed = new List<Guid>();
        foreach (var id in new[] { first, second })
        {
            if ((await Harness.EventsAsync(TenantId, id)).Any(e => e.Kind == PrinterTokenEventKind.Refreshed))
            {
                refreshed.Add(id);
            }
        }

        // The answered printer's new pair is stored; the hung one keeps its lease until it runs out, as after a crash.
        var answered = Assert.Single(refreshed);
        Assert.Null((await Harness.LoadPrinterAsync(TenantId, answered)).RefreshLeaseUntil);
        Assert.NotNull((await Harness.LoadPrinterAsync(TenantId, answered == first ? second : first)).RefreshLeaseUntil);
    }

    private async Task WaitUntilLeasedAsync(Guid printerId)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(10); waited += TimeSpan.FromMilliseconds(20))
        {
            await using var db = await Harness.DbFactory.CreateForTenantAsync(TenantId);
            if (await db.Printers.AnyAsync(p => p.Id == printerId && p.RefreshLeaseUntil != null))
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("The sweep never claimed the printer.");
    }

    [Fact]
    public async Task Refresh_now_stops_at_twenty_a_day()
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);

        for (var i = 0; i < 20; i++)
        {
            var result = await Harness.Get<PrinterMaintenance>().RefreshNowAsync(id);
            Assert.True(result.Succeeded, result.Error);
        }

        var over = await Harness.Get<PrinterMaintenance>().RefreshNowAsync(id);

        Assert.Contains("20 times today", over.Error);
        Assert.Equal(20, Sandbox.TokenRequests("refresh_token"));
        Assert.Equal(20, (await Harness.Get<PrinterQueries>().GetAsync(id)).Value!.RefreshesToday);
    }

    [Fact]
    public async Task A_lost_answer_is_recovered_by_replaying_the_previous_refresh_token()
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);
        Harness.Clock.Advance(TimeSpan.FromDays(26));
        Sandbox.Faults.Add(new SandboxFault { Path = "oauth/oauth", DropResponse = true, Times = 1 });
        var refresher = Harness.Services.GetRequiredService<PrinterRefresher>();

        var lost = await refresher.SweepOnceAsync();
        Harness.Clock.Advance(RefreshOutcomeStore.ReplayDelay);
        var replayed = await refresher.SweepOnceAsync();

        Assert.Equal(1, lost.Outcomes[RefreshOutcome.ResponseLost]);
        Assert.Equal(1, replayed.Outcomes[RefreshOutcome.Refreshed]);
        var printer = await Harness.LoadPrinterAsync(TenantId, id);
        Assert.Equal(PrinterTokenState.Active, printer.TokenState);
        Assert.Equal(Harness.Clock.GetUtcNow().AddDays(30), printer.AccessExpiresAt!.Value, TimeSpan.FromMinutes(15));
        Assert.Contains(await Harness.EventsAsync(TenantId, id), e => e.Kind == PrinterTokenEventKind.ResponseLost);
        Assert.True((await Harness.Get<PrinterMaintenance>().UpdateDeviceInfoAsync(id)).Succeeded);
    }

    [Theory]
    [InlineData(20, PrinterTokenState.NeedsReauthorization, PrinterTokenBadge.NeedsReauthorization)]
    [InlineData(41, PrinterTokenState.LimitReached, PrinterTokenBadge.LimitReached)]
    [InlineData(2, PrinterTokenState.RefreshFailed, PrinterTokenBadge.RefreshFailed)]
    public async Task Platform_refusals_set_the_token_state_and_the_timeline_says_why(int code, PrinterTokenState state, PrinterTokenBadge badge)
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);
        Harness.Clock.Advance(TimeSpan.FromDays(26));
        Sandbox.Faults.Add(new SandboxFault { Path = "oauth/oauth", ForceError = code, Times = 1 });

        await Harness.Services.GetRequiredService<PrinterRefresher>().SweepOnceAsync();

        Assert.Equal(state, (await Harness.LoadPrinterAsync(TenantId, id)).TokenState);
        var detail = (await Harness.Get<PrinterQueries>().GetAsync(id)).Value!;
        Assert.Equal(badge, detail.Badge);
        Assert.EndsWith($"({code})", Portal.Infrastructure.Audit.AuditDetail.Describe(Portal.Infrastructure.Localization.PortalStringLocalizer.Shared, detail.Timeline[0].Detail));
        Assert.Equal(badge, (await Harness.Get<PrinterQueries>().ListAsync(new PrinterListQuery(TokenBadge: badge))).Value!.Items.Single().Badge);
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_once_and_the_call_retried()
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);
        Sandbox.Faults.Add(new SandboxFault { Path = "printer/printinfo", ForceError = 18, Times = 1 });

        var read = await Harness.Get<PrinterMaintenance>().UpdateDeviceInfoAsync(id);

        Assert.True(read.Succeeded, read.Error);
        Assert.Equal(1, Sandbox.TokenRequests("refresh_token"));
        Assert.Equal(2, Sandbox.Journal.Entries.Count(e => e.Path == "printer/printinfo"));
        var detail = (await Harness.Get<PrinterQueries>().GetAsync(id)).Value!;
        Assert.Equal("K6-WH", detail.Model);
        Assert.Equal(Portal.Data.Entities.Printers.PrinterOnlineState.Online, detail.Online);
    }

    [Fact]
    public async Task Revoking_deletes_upstream_and_wipes_the_tokens()
    {
        var (id, _) = await Harness.ConnectByConsentAsync(OwnerId);

        var revoked = await Harness.Get<PrinterRevocation>().RevokeAsync(id);

        Assert.True(revoked.Succeeded, revoked.Error);
        var printer = await Harness.LoadPrinterAsync(TenantId, id);
        Assert.Equal(PrinterTokenState.Revoked, printer.TokenState);
        Assert.Null(printer.ProtectedAccessToken);
        Assert.Null(printer.ProtectedRefreshToken);
        Assert.Equal(1, Sandbox.Journal.Entries.Count(e => e.Path == "printer/deleteprinter" && e.Error == 0));
    }
}
