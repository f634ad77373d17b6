using System.Text.Json;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace Portal.E2E.Flows;

/// <summary>
/// The portal killed with SIGKILL while a merchant prints a batch, then started again on the same data folder:
/// after its sweeps every job has ended Printed or Failed, the sandbox holds no receipt twice, nothing the portal
/// acknowledged is lost, and no job's state disagrees with the platform's. The sandbox runs inside the portal, so the
/// kill takes it down too, as it would a developer's machine.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class CrashSafetyFlowTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private const int Printers = 3;

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(37)]
    public async Task Killed_at_a_random_point_of_a_print_batch_every_job_ends_right_and_prints_once(int seed)
    {
        var random = new Random(seed);
        var launch = new PortalLaunch(Settings: _ => new Dictionary<string, string>
        {
            // Sweeps every second, polling and re-sending after 5 s, so the test need not wait minutes.
            ["Printing__SweepInterval"] = "00:00:01",
            ["Printing__PollAfter"] = "00:00:05",
            ["Printing__RepollAfter"] = "00:00:05",
            ["Printing__ResendAfter"] = "00:00:05",
            ["Yilianyun__Sandbox__PrintDelay"] = "00:00:00.5",
        });
        var first = await PortalServer.StartAsync(launch);
        await using var firstServer = first;
        var acknowledged = new List<string>();
        await using (var merchant = await fixture.NewSessionAsync($"crash-{seed}", baseAddress: first.BaseAddress))
        {
            await merchant.SignUpAsync($"crash-{seed}-{Guid.NewGuid():N}@e2e.test");
            await merchant.CreateCompanyAsync($"Crash {seed}");
            for (var i = 1; i <= Printers; i++)
            {
                await merchant.ConnectSandboxPrinterAsync($"Crash printer {i}");
            }

            await OpenPrintFormAsync(merchant);
            using var kill = new CancellationTokenSource();
            var batch = PrintUntilKilledAsync(merchant.Page, acknowledged, kill.Token);
            // The kill comes a random time into the batch: before, during or after any step of a submission.
            await Task.Delay(random.Next(1_500, 6_000));
            await first.KillAsync();
            await kill.CancelAsync();
            await batch;
        }

        await using var second = await PortalServer.StartAsync(launch with { DataFolder = first.DataFolder, Port = first.BaseAddress.Port });
        var jobs = await JobsWhenSettledAsync(second);
        var receipts = SandboxReceipts(second.DataFolder);

        output.WriteLine($"seed {seed}: {acknowledged.Count} jobs acknowledged before the kill, {jobs.Count} jobs, "
            + $"{jobs.Count(j => j.State == Printed)} printed, {jobs.Count(j => j.State == Failed)} failed, {receipts.Count} receipts on the sandbox");
        Assert.NotEmpty(jobs);
        Assert.All(jobs, job => Assert.True(job.State is Printed or Failed, $"job {job.Id} ended {job.State}"));
        // Nothing acknowledged is lost.
        Assert.All(acknowledged, id => Assert.Contains(jobs, job => string.Equals(job.Id, id, StringComparison.OrdinalIgnoreCase)));
        // Nothing printed twice, and nothing printed that the portal does not know of.
        Assert.Equal(receipts.Count, receipts.Select(r => r.OriginId).Distinct().Count());
        Assert.All(receipts, receipt => Assert.Contains(jobs, job => job.OriginId == receipt.OriginId));
        // Each job agrees with the platform: Printed exactly when its own receipt printed, under its own order id.
        foreach (var job in jobs)
        {
            var receipt = receipts.SingleOrDefault(r => r.OriginId == job.OriginId);
            if (job.State == Printed)
            {
                Assert.True(receipt is { Printed: true } && receipt.OrderId == job.OrderId,
                    $"job {job.Id} is Printed as order {job.OrderId}; the sandbox has {receipt}");
            }
            else
            {
                Assert.False(receipt is { Printed: true }, $"job {job.Id} is Failed but its receipt printed: {receipt}");
            }
        }
    }

    private const int Printed = 2;
    private const int Failed = 3;

    private sealed record Job(string Id, string OriginId, int State, long? OrderId);

    private sealed record Receipt(string OriginId, long OrderId, bool Printed);

    private static async Task OpenPrintFormAsync(PortalSession merchant)
    {
        var page = merchant.Page;
        await merchant.GoToAsync("print");
        for (var i = 1; i <= Printers; i++)
        {
            await page.GetByTestId("printer-picker").FillAsync($"Crash printer {i}");
            await page.GetByTestId("printer-picker-item").Filter(new() { HasText = $"Crash printer {i}" }).ClickAsync();
            // The picker empties itself once the choice is in: the next name is typed after that.
            await Assertions.Expect(page.GetByTestId("printer-picker-chip")).ToHaveCountAsync(i);
            await Assertions.Expect(page.GetByTestId("printer-picker")).ToHaveValueAsync("");
        }

        await page.GetByTestId("print-content").FillAsync("<center>Crash test</center>\nOrder 1");
    }

    /// <summary>Presses Print again and again; after each press, the jobs the page then links to are acknowledged.</summary>
    private static async Task PrintUntilKilledAsync(IPage page, List<string> acknowledged, CancellationToken killed)
    {
        const string links = "() => Array.from(document.querySelectorAll('[data-testid=print-result-link]')).map(a => a.getAttribute('href')).join(' ')";
        var shown = "";
        try
        {
            while (!killed.IsCancellationRequested)
            {
                await page.GetByTestId("print-submit").ClickAsync(new() { Timeout = 5_000 });
                string now;
                do
                {
                    await Task.Delay(50, killed);
                    now = await page.EvaluateAsync<string>(links);
                }
                while (now == shown || now.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length < Printers);

                shown = now;
                acknowledged.AddRange(now.Split(' ').Select(href => href[(href.LastIndexOf('/') + 1)..]));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or PlaywrightException or TimeoutException)
        {
            // The portal is gone: whatever the page showed until then was acknowledged.
        }
    }

    /// <summary>The portal's jobs once none is Queued or Sent any more (or after two minutes, as they then stand).</summary>
    private static async Task<List<Job>> JobsWhenSettledAsync(PortalServer portal)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var jobs = ReadJobs(portal.DataFolder);
            if (jobs.All(job => job.State is Printed or Failed) || DateTime.UtcNow > deadline)
            {
                return jobs;
            }

            await Task.Delay(500);
        }
    }

    private static List<Job> ReadJobs(string dataFolder)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataFolder, "portal.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, OriginId, State, PlatformOrderId FROM PrintJobs";
        using var reader = command.ExecuteReader();
        var jobs = new List<Job>();
        while (reader.Read())
        {
            jobs.Add(new Job(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetInt64(3)));
        }

        return jobs;
    }

    /// <summary>The receipts the in-process sandbox holds, from its state file.</summary>
    private static List<Receipt> SandboxReceipts(string dataFolder)
    {
        using var state = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dataFolder, "sandbox.json")));
        return state.RootElement.GetProperty("Jobs").EnumerateArray()
            .Select(job => new Receipt(job.GetProperty("OriginId").GetString()!, job.GetProperty("Id").GetInt64(),
                job.GetProperty("Status").GetString() == "Printed"))
            .ToList();
    }
}
