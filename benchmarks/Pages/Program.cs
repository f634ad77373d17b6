using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Data.Entities;
using Portal.Data.Entities.Printers;
using Portal.Data.Entities.Printing;
using Portal.Data.Tenancy;

// Server time of each page: the whole portal (Program.cs) in process, one signed-in person who owns a company with
// 1,000 printers and 100,000 print jobs and is the operator of 1,000 companies. Each page is requested as a browser
// first requests it (the prerendered response, with the page's data) after warm-up requests; the median of the
// measured requests is the page's time. Prints "page PATH MEDIAN-ms P90-ms" and, with --figures,
// "figure page-ms-max VALUE" (the slowest page's median).
//
//   dotnet benchmarks/Pages/bin/Release/net10.0/Pages.Benchmarks.dll [--printers 1000 --jobs 100000 --companies 1000 --requests 9 --figures --keep]
internal static class PagesBenchmark
{
    private const string Email = "pages@bench.test";
    private const string Password = "Quiet-Harbour-2026";

    public static async Task Main(string[] args)
    {
        var printerCount = Arg("--printers", 1_000);
        var jobCount = Arg("--jobs", 100_000);
        var companyCount = Arg("--companies", 1_000);
        var requests = Arg("--requests", 9);
        var figures = args.Contains("--figures");

        var data = Path.Combine(Path.GetTempPath(), "portal-pages-bench-" + Guid.NewGuid().ToString("N"));
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);
        await using var portal = new PagesPortal(data);
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost/"), HandleCookies = true });

        var seeding = Stopwatch.StartNew();
        var world = await SeedAsync();
        Console.WriteLine($"Seeded {printerCount} printers, {jobCount} jobs and {companyCount} companies in {seeding.Elapsed.TotalSeconds:F0} s");
        // The planner statistics as the portal keeps them (at start and every six hours), for the data just written.
        await portal.Services.GetRequiredService<Portal.Infrastructure.Hosting.SqliteStatistics>().RefreshAsync();
        await LogInAsync();

        string[] paths =
        [
            "", "printers", $"printers/{world.PrinterId}", "print", $"print?printer={world.PrinterId}", "print/jobs", $"print/jobs/{world.JobId}",
            "print/templates", "company/profile", "company/members", "company/apps", "audit", "account/api-access", "developers/open-api",
            "operator/tenants", $"operator/tenants/{world.TenantId}", "operator/apps", "operator/printers", "operator/api-clients",
            "operator/callbacks", "operator/audit",
        ];
        var slowest = (Path: "", Median: 0.0);
        foreach (var path in paths)
        {
            var times = new List<double>();
            for (var i = 0; i < requests + 2; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await client.GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                watch.Stop();
                if (response.StatusCode != HttpStatusCode.OK || body.Contains("Account/Login", StringComparison.Ordinal) && body.Contains("Input.Password", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"/{path} answered {(int)response.StatusCode} or asked to log in.");
                }

                if (i >= 2)
                {
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
            }

            times.Sort();
            var median = times[times.Count / 2];
            var p90 = times[(int)Math.Ceiling(times.Count * 0.9) - 1];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"page /{path} {median:F1} ms (p90 {p90:F1} ms)"));
            if (median > slowest.Median)
            {
                slowest = (path, median);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"slowest: /{slowest.Path} at {slowest.Median:F1} ms (target ≤ 300 ms)"));
        if (figures)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"figure page-ms-max {slowest.Median:F1}"));
        }

        // --keep leaves the database behind, to look at its query plans.
        if (args.Contains("--keep"))
        {
            Console.WriteLine($"data kept in {data}");
            return;
        }

        try
        {
            Directory.Delete(data, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS.
        }

        async Task<(Guid TenantId, Guid PrinterId, Guid JobId)> SeedAsync()
        {
            var now = DateTimeOffset.UtcNow;
            var user = new PortalUser { UserName = Email, Email = Email, EmailConfirmed = true, IsOperator = true, CreatedAt = now };
            using (var scope = portal.Services.CreateScope())
            {
                var created = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().CreateAsync(user, Password);
                if (!created.Succeeded)
                {
                    throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
                }
            }

            var factory = portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            Guid tenantId, appId;
            await using (var db = await factory.CreateDbContextAsync())
            {
                // The configured sandbox app is written at start.
                appId = (await db.PrinterApps.AsNoTracking().FirstAsync(a => a.FromConfiguration)).Id;
                for (var i = 0; i < companyCount; i++)
                {
                    var name = i == 0 ? "Bench Noodles" : $"Company {i:D4}";
                    db.Tenants.Add(new Tenant { Id = Guid.CreateVersion7(), CompanyName = name, NormalizedName = name.ToUpperInvariant(), CreatedAt = now });
                }

                await db.SaveChangesAsync();
                tenantId = (await db.Tenants.AsNoTracking().SingleAsync(t => t.CompanyName == "Bench Noodles")).Id;
                var stored = await db.Users.SingleAsync(u => u.Email == Email);
                stored.CurrentTenantId = tenantId;
                await db.SaveChangesAsync();
            }

            var printerIds = new List<Guid>();
            await using (var db = await factory.CreateForTenantAsync(tenantId))
            {
                db.Memberships.Add(new Membership { TenantId = tenantId, UserId = user.Id, Role = TenantRole.Owner, JoinedAt = now });
                for (var i = 0; i < printerCount; i++)
                {
                    var id = Guid.CreateVersion7();
                    printerIds.Add(id);
                    db.Printers.Add(new Printer
                    {
                        Id = id,
                        AppId = appId,
                        MachineCode = (4_300_000_000L + i).ToString(CultureInfo.InvariantCulture),
                        Name = $"Counter {i:D4}",
                        AccessExpiresAt = now.AddDays(20 + i % 10),
                        Version = Guid.NewGuid(),
                        CreatedAt = now.AddDays(-100),
                    });
                }

                await db.SaveChangesAsync();
            }

            Guid jobId = default;
            for (var start = 0; start < jobCount; start += 10_000)
            {
                await using var db = await factory.CreateForTenantAsync(tenantId);
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                for (var i = start; i < Math.Min(jobCount, start + 10_000); i++)
                {
                    var created = now.AddMinutes(-i);
                    var state = (PrintJobState)(i % 20 == 0 ? 3 : 2);
                    var job = new PrintJob
                    {
                        Id = Guid.CreateVersion7(),
                        TenantId = tenantId,
                        PrinterId = printerIds[i % printerIds.Count],
                        AppId = appId,
                        OriginId = $"bench{i:D10}",
                        Content = $"<center>Order {i}</center>\nNoodles x{1 + i % 3}",
                        State = state,
                        PlatformOrderId = 2_600_000_000L + i,
                        FailureReason = state == PrintJobState.Failed ? "Paper ran out" : null,
                        CreatedByUserId = user.Id,
                        CreatedByName = Email,
                        CreatedAt = created,
                        SentAt = created.AddSeconds(1),
                        FinishedAt = created.AddSeconds(5),
                        Version = Guid.NewGuid(),
                    };
                    db.PrintJobs.Add(job);
                    jobId = job.Id;
                }

                await db.SaveChangesAsync();
            }

            return (tenantId, printerIds[0], jobId);
        }

        async Task LogInAsync()
        {
            var page = await client.GetStringAsync("Account/Login");
            var form = new Dictionary<string, string>
            {
                ["Input.Email"] = Email,
                ["Input.Password"] = Password,
            };
            foreach (Match hidden in Regex.Matches(page, "<input[^>]*type=\"hidden\"[^>]*>"))
            {
                var name = Regex.Match(hidden.Value, "name=\"([^\"]+)\"").Groups[1].Value;
                var value = Regex.Match(hidden.Value, "value=\"([^\"]*)\"").Groups[1].Value;
                if (name.Length > 0 && !form.ContainsKey(name))
                {
                    form[name] = WebUtility.HtmlDecode(value);
                }
            }

            using var response = await client.PostAsync("Account/Login", new FormUrlEncodedContent(form));
            var dashboard = await client.GetStringAsync("");
            if (!dashboard.Contains("Bench Noodles", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Logging in failed (answer {(int)response.StatusCode}).");
            }
        }

        int Arg(string name, int fallback) =>
            args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
    }
}

/// <summary>The portal as Program.cs composes it, on a fresh data folder, its sandbox inside it.</summary>
internal sealed class PagesPortal(string dataFolder) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Portal:DataFolder", dataFolder);
        builder.UseSetting("Yilianyun:Sandbox:Url", "");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}
