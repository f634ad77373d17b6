using System.Diagnostics;

namespace Yilianyun.Tests.Sandbox;

/// <summary>Fault switches and the request journal.</summary>
public sealed class SandboxFaultTests
{
    [Fact]
    public async Task A_dropped_print_answer_still_creates_the_job_and_the_retry_with_the_same_origin_id_prints_once()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        host.Faults.Add(new SandboxFault { Path = "print/index", DropResponse = true, Times = 1 });
        (string, string)[] print = [("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "once"), ("origin_id", "drop1")];

        await Assert.ThrowsAnyAsync<Exception>(() => host.OpenCall("v2/print/index", print));
        var retry = await host.OpenCall("v2/print/index", print);

        Assert.Equal(0, retry.Error);
        var job = Assert.Single(host.Admin.Jobs(SandboxTestHost.PrinterA));
        Assert.Equal(job.Id, retry.Body.GetProperty("id").GetInt64());
        var prints = host.Journal.Entries.Where(e => e.Path == "print/index").ToList();
        Assert.Equal(2, prints.Count);
        Assert.True(prints[0].Dropped);
        Assert.All(prints, e => Assert.Equal("drop1", e.OriginId));
        Assert.Empty(host.Faults.Active);
    }

    [Fact]
    public async Task A_server_error_share_of_one_fails_every_matching_call_before_any_work()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        host.Faults.Add(new SandboxFault { ClientId = SandboxTestHost.OpenClientId, ServerErrorRate = 1, ServerErrorStatus = 502 });

        var failed = await host.OpenCall("print/index", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "x"), ("origin_id", "s1"));
        var otherApp = await host.OwnCall("oauth/oauth", ("grant_type", "client_credentials"), ("scope", "all"));

        Assert.Equal(HttpStatusCode.BadGateway, failed.Status);
        Assert.Empty(host.Admin.Jobs(SandboxTestHost.PrinterA));
        Assert.Equal(0, otherApp.Error);
        var entry = host.Journal.Entries.Single(e => e.Path == "print/index");
        Assert.Null(entry.Error);
        Assert.Equal(502, entry.HttpStatus);
    }

    [Fact]
    public async Task A_share_between_zero_and_one_fails_some_calls_reproducibly_with_a_seeded_random()
    {
        await using var host = await SandboxTestHost.StartAsync(services: s => s.AddSingleton(new SandboxFaults(new Random(7))));
        host.Faults.Add(new SandboxFault { ServerErrorRate = 0.5 });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            statuses.Add((await host.OwnCall("v2/oauth/oauth", ("grant_type", "refresh_token"), ("refresh_token", "x"), ("scope", "all"))).Status);
        }

        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.Contains(HttpStatusCode.OK, statuses);
    }

    [Fact]
    public async Task A_forced_error_answers_that_code_on_that_path_only()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        host.Faults.Add(new SandboxFault { Path = "printer/getprintstatus", ForceError = 45 });

        var forced = await host.OpenCall("printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));
        var other = await host.OpenCall("printer/printinfo", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));
        host.Faults.Clear();
        var cleared = await host.OpenCall("printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));

        Assert.Equal(45, forced.Error);
        Assert.Equal(0, other.Error);
        Assert.Equal(0, cleared.Error);
    }

    [Fact]
    public async Task Latency_delays_the_answer()
    {
        await using var host = await SandboxTestHost.StartAsync();
        host.Faults.Add(new SandboxFault { Latency = TimeSpan.FromMilliseconds(300) });

        var watch = Stopwatch.StartNew();
        var answer = await host.OwnCall("oauth/oauth", ("grant_type", "client_credentials"), ("scope", "all"));

        Assert.Equal(0, answer.Error);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(280), $"answered after {watch.Elapsed}");
    }

    [Fact]
    public async Task The_journal_records_grant_type_client_machine_and_result_without_secrets()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, refresh) = await host.AuthorizeOpenAsync();
        await host.OpenCall("oauth/oauth", ("grant_type", "refresh_token"), ("refresh_token", refresh), ("scope", "all"));

        var entries = host.Journal.Entries;

        Assert.Equal(("oauth/scancodemodel", SandboxTestHost.PrinterA, 0), (entries[0].Path, entries[0].MachineCode, entries[0].Error));
        Assert.Equal(("refresh_token", SandboxTestHost.OpenClientId), (entries[1].GrantType, entries[1].ClientId));
        Assert.Equal(host.Time.GetUtcNow(), entries[1].Time);
        Assert.DoesNotContain(entries, e => e.ToString().Contains(access) || e.ToString().Contains(refresh) || e.ToString().Contains(SandboxTestHost.OpenSecret));
    }
}
