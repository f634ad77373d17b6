namespace Yilianyun.Tests.Sandbox;

/// <summary>Token lifetimes, rotation, the 2-hour grace and replay rules and the daily limit, on a fake clock.</summary>
public sealed class SandboxTokenTests
{
    private static Task<Answer> Status(SandboxTestHost host, string access) =>
        host.OpenCall("printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));

    private static Task<Answer> Refresh(SandboxTestHost host, string refresh) =>
        host.OpenCall("oauth/oauth", ("grant_type", "refresh_token"), ("refresh_token", refresh), ("scope", "all"));

    [Fact]
    public async Task Open_access_token_lives_30_days_and_refresh_token_35()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, refresh) = await host.AuthorizeOpenAsync();

        host.Time.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));
        var lastSecond = await Status(host, access);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var expired = await Status(host, access);
        host.Time.Advance(TimeSpan.FromDays(5) - TimeSpan.FromSeconds(1));
        var refreshed = await Refresh(host, refresh);

        Assert.Equal(0, lastSecond.Error);
        Assert.Equal(18, expired.Error);
        Assert.Equal(0, refreshed.Error);
        Assert.Equal(2592000, refreshed.Body.GetProperty("expires_in").GetInt64());
        Assert.Equal(0, (await Status(host, refreshed.Body.GetProperty("access_token").GetString()!)).Error);
    }

    [Fact]
    public async Task Refresh_token_older_than_35_days_answers_20()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (_, refresh) = await host.AuthorizeOpenAsync();

        host.Time.Advance(TimeSpan.FromDays(35));
        var answer = await Refresh(host, refresh);

        Assert.Equal(20, answer.Error);
    }

    [Fact]
    public async Task Refresh_rotates_both_tokens_and_the_old_access_token_works_for_2_hours_then_18()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, refresh) = await host.AuthorizeOpenAsync();

        var answer = await Refresh(host, refresh);
        var newAccess = answer.Body.GetProperty("access_token").GetString()!;
        var newRefresh = answer.Body.GetProperty("refresh_token").GetString()!;
        host.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        var withinGrace = await Status(host, access);
        host.Time.Advance(TimeSpan.FromSeconds(1));
        var afterGrace = await Status(host, access);

        Assert.NotEqual(access, newAccess);
        Assert.NotEqual(refresh, newRefresh);
        Assert.Equal(0, withinGrace.Error);
        Assert.Equal(18, afterGrace.Error);
        Assert.Equal(0, (await Status(host, newAccess)).Error);
    }

    [Fact]
    public async Task Replaying_the_previous_refresh_token_within_2_hours_returns_the_same_pair_then_20()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (_, refresh) = await host.AuthorizeOpenAsync();

        var first = await Refresh(host, refresh);
        host.Time.Advance(TimeSpan.FromMinutes(119));
        var replay = await Refresh(host, refresh);
        host.Time.Advance(TimeSpan.FromMinutes(1));
        var late = await Refresh(host, refresh);

        Assert.Equal(first.Body.GetProperty("access_token").GetString(), replay.Body.GetProperty("access_token").GetString());
        Assert.Equal(first.Body.GetProperty("refresh_token").GetString(), replay.Body.GetProperty("refresh_token").GetString());
        Assert.Equal(20, late.Error);
    }

    [Fact]
    public async Task Open_app_allows_20_refreshes_per_printer_per_day_replays_do_not_count_and_the_limit_resets_at_midnight_in_China()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (_, refresh) = await host.AuthorizeOpenAsync(SandboxTestHost.PrinterA, SandboxTestHost.MsignA);
        var (_, otherPrinterRefresh) = await host.AuthorizeOpenAsync(SandboxTestHost.PrinterB, SandboxTestHost.MsignB);

        var previous = refresh;
        for (var i = 0; i < 20; i++)
        {
            var answer = await Refresh(host, refresh);
            Assert.Equal(0, answer.Error);
            Assert.Equal(0, (await Refresh(host, refresh)).Error); // replay of the token just used: free
            previous = refresh;
            refresh = answer.Body.GetProperty("refresh_token").GetString()!;
        }

        var overLimit = await Refresh(host, refresh);
        var otherPrinter = await Refresh(host, otherPrinterRefresh);
        host.Time.Advance(TimeSpan.FromHours(14)); // 02:00 UTC + 14 h = 00:00 next day in Beijing
        var nextDay = await Refresh(host, refresh);

        Assert.Equal(41, overLimit.Error);
        Assert.Equal(0, otherPrinter.Error);
        Assert.Equal(0, nextDay.Error);
        Assert.NotEqual(previous, refresh);
    }

    [Fact]
    public async Task Own_app_token_never_expires_and_fetches_plus_refreshes_share_20_per_day()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var access = await host.AuthorizeOwnAsync(); // fetch #1
        string? refresh = null;
        for (var i = 0; i < 9; i++)
        {
            var fetch = await host.OwnCall("oauth/oauth", ("grant_type", "client_credentials"), ("scope", "all"));
            Assert.Equal(0, fetch.Error);
            Assert.Equal("", fetch.Body.GetProperty("machine_code").GetString());
            refresh = fetch.Body.GetProperty("refresh_token").GetString();
        }

        for (var i = 0; i < 10; i++)
        {
            var refreshed = await host.OwnCall("oauth/oauth", ("grant_type", "refresh_token"), ("refresh_token", refresh!), ("scope", "all"));
            Assert.Equal(0, refreshed.Error);
            refresh = refreshed.Body.GetProperty("refresh_token").GetString();
            access = refreshed.Body.GetProperty("access_token").GetString()!;
        }

        var twentyFirst = await host.OwnCall("oauth/oauth", ("grant_type", "client_credentials"), ("scope", "all"));
        host.Time.Advance(TimeSpan.FromDays(400));
        var afterYears = await host.OwnCall("printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterB));

        Assert.Equal(41, twentyFirst.Error);
        Assert.Equal(0, afterYears.Error);
    }

    [Fact]
    public async Task Two_concurrent_refreshes_of_one_token_rotate_once_and_both_get_the_same_pair()
    {
        await using var host = await SandboxTestHost.StartAsync(o => o.TokenRequestsPerDay = 2);
        var (_, refresh) = await host.AuthorizeOpenAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Refresh(host, refresh))));
        var rotated = answers[0].Body.GetProperty("refresh_token").GetString()!;
        var replay = await Refresh(host, refresh);
        var second = await Refresh(host, rotated);
        var third = await Refresh(host, second.Body.GetProperty("refresh_token").GetString()!);

        Assert.All(answers, a => Assert.Equal(0, a.Error));
        Assert.Equal(answers[0].Body.GetProperty("access_token").GetString(), answers[1].Body.GetProperty("access_token").GetString());
        Assert.Equal(rotated, answers[1].Body.GetProperty("refresh_token").GetString());
        Assert.Equal(rotated, replay.Body.GetProperty("refresh_token").GetString());
        // With a limit of 2, the concurrent pair counted once: one more rotation fits, the next does not.
        Assert.Equal(0, second.Error);
        Assert.Equal(41, third.Error);
    }

    [Fact]
    public async Task Deleteprinter_revokes_the_open_grant()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, refresh) = await host.AuthorizeOpenAsync();

        var deleted = await host.OpenCall("printer/deleteprinter", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));

        Assert.Equal(0, deleted.Error);
        Assert.Equal(18, (await Status(host, access)).Error);
        Assert.Equal(20, (await Refresh(host, refresh)).Error);
    }

    [Fact]
    public async Task Unbinding_in_the_merchants_app_ends_every_apps_authorization_of_that_printer_only()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, refresh) = await host.AuthorizeOpenAsync();
        var own = await host.AuthorizeOwnAsync();

        Assert.Equal(1, host.Admin.UnbindFromAllApps(SandboxTestHost.PrinterA));
        Assert.Equal(1, host.Admin.UnbindFromAllApps(SandboxTestHost.PrinterB));
        Assert.Null(host.Admin.UnbindFromAllApps("4999999999"));

        Assert.Equal(18, (await Status(host, access)).Error);
        Assert.Equal(20, (await Refresh(host, refresh)).Error);
        var ownStatus = await host.OwnCall("printer/getprintstatus", ("access_token", own), ("machine_code", SandboxTestHost.PrinterB));
        Assert.Equal(8, ownStatus.Error);
    }

    [Fact]
    public async Task Own_app_deleteprinter_unbinds_so_the_printer_can_be_added_again()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var access = await host.AuthorizeOwnAsync();

        var deleted = await host.OwnCall("printer/deleteprinter", ("access_token", access), ("machine_code", SandboxTestHost.PrinterB));
        var status = await host.OwnCall("printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterB));
        var readded = await host.OwnCall("printer/addprinter", ("access_token", access), ("machine_code", SandboxTestHost.PrinterB), ("msign", SandboxTestHost.MsignB));

        Assert.Equal(0, deleted.Error);
        Assert.Equal(8, status.Error);
        Assert.Equal(0, readded.Error);
    }
}
