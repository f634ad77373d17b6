using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MimeKit;

namespace Portal.UnitTests.Infrastructure.Hosting;

/// <summary>A demo on the internet (Production, <c>Portal:Demo=true</c>): the sandbox and outbox show nothing to anonymous visitors.</summary>
public sealed class DeveloperToolsTests(DeveloperToolsTests.DemoPortal demo) : IClassFixture<DeveloperToolsTests.DemoPortal>
{
    public sealed class DemoPortal : IDisposable
    {
        public DemoPortal() =>
            Portal.Services.GetRequiredService<SandboxAdmin>().CreatePrinter(new SandboxPrinterOptions { MachineCode = MachineCode, Msign = "demo-msign-1" });

        public DeployedPortalFactory Portal { get; } = DeployedPortalFactory.Demo();

        public string MachineCode { get; } = "4004" + Random.Shared.Next(100_000, 999_999);

        public void Dispose() => Portal.Dispose();
    }

    private DeployedPortalFactory Portal => demo.Portal;

    [Theory]
    [InlineData("/dev/outbox")]
    [InlineData("/dev/outbox?to=owner@example.com")]
    [InlineData("/sandbox/admin")]
    [InlineData("/sandbox/printers/{mc}")]
    [InlineData("/sandbox/oauth/authorize?response_type=code&client_id=1000000001&redirect_uri=%2Fprinters%2Fconnect%2Fcallback&state=s")]
    public async Task Anonymous_visitors_get_nothing_from_the_developer_tools(string path)
    {
        using var visitor = Portal.CreateVisitor();

        using var response = await visitor.GetAsync(path.Replace("{mc}", demo.MachineCode));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(demo.MachineCode, body);
        Assert.DoesNotContain("outbox-message", body);
    }

    [Theory]
    [InlineData("/sandbox/printers/{mc}/unbind")]
    [InlineData("/sandbox/printers/{mc}/state")]
    [InlineData("/sandbox/admin/apps")]
    public async Task Anonymous_visitors_cannot_change_the_sandbox(string path)
    {
        using var visitor = Portal.CreateVisitor();

        using var response = await visitor.PostAsync(path.Replace("{mc}", demo.MachineCode),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["state"] = "Offline", ["name"] = "x", ["push_url"] = "http://169.254.169.254/" }));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(SandboxPrinterState.Online, Portal.Services.GetRequiredService<SandboxAdmin>().FindPrinter(demo.MachineCode)!.State);
    }

    /// <summary>
    /// Every route the sandbox maps under its console and printer pages, found in the portal's own endpoints, so a
    /// route added to the sandbox later is checked without touching this test.
    /// </summary>
    [Theory]
    [InlineData(false, HttpStatusCode.NotFound)]
    [InlineData(true, HttpStatusCode.Forbidden)]
    public async Task Every_sandbox_console_route_refuses_anyone_but_an_operator(bool signedIn, HttpStatusCode expected)
    {
        var sandbox = Portal.Services.GetRequiredService<SandboxAdmin>();
        var faults = Portal.Services.GetRequiredService<SandboxFaults>();
        var ruleId = faults.Add(new SandboxFault { Path = "printer/getversion", ForceError = 45 });
        var (apps, printers) = (sandbox.Apps.Count, sandbox.Printers.Count);
        var routes = Portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/sandbox/admin", StringComparison.Ordinal) || raw.StartsWith("/sandbox/printers", StringComparison.Ordinal)))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get])
                .Select(method => (Method: method, Path: Regex.Replace(e.RoutePattern.RawText!, "{[^}]+}", m => m.Value.StartsWith("{id", StringComparison.Ordinal)
                    ? ruleId.ToString(CultureInfo.InvariantCulture)
                    : demo.MachineCode))))
            .ToList();
        using var visitor = Portal.CreateVisitor();
        if (signedIn)
        {
            await DeployedPortalFactory.LogInAsync(visitor, await Portal.AddUserAsync());
        }

        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == HttpMethods.Get ? null : new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["state"] = "Offline", ["name"] = "x", ["machine_code"] = "4009999999", ["path"] = "print/index", ["error_code"] = "9", ["key"] = "short",
                }),
            };
            using var response = await visitor.SendAsync(request);

            Assert.True(response.StatusCode == expected, $"{method} {path} answered {(int)response.StatusCode}");
            Assert.DoesNotContain(demo.MachineCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Contains(("POST", $"/sandbox/admin/faults/{ruleId}/remove"), routes);
        Assert.Contains(("POST", "/sandbox/admin/faults"), routes);
        Assert.Equal(SandboxPrinterState.Online, sandbox.FindPrinter(demo.MachineCode)!.State);
        Assert.Equal((apps, printers), (sandbox.Apps.Count, sandbox.Printers.Count));
        Assert.Equal([ruleId], faults.Active.Select(f => f.Id));
        faults.Remove(ruleId);
    }

    [Theory]
    [InlineData("/sandbox/admin")]
    [InlineData("/sandbox/printers/{mc}")]
    public async Task A_company_member_is_refused_the_sandbox_console(string path)
    {
        using var member = Portal.CreateVisitor();
        await DeployedPortalFactory.LogInAsync(member, await Portal.AddUserAsync());

        using var response = await member.GetAsync(path.Replace("{mc}", demo.MachineCode));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(demo.MachineCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_operator_reaches_the_sandbox_console()
    {
        using var operatorClient = Portal.CreateVisitor();
        await DeployedPortalFactory.LogInAsync(operatorClient, await Portal.AddUserAsync(isOperator: true));

        using var response = await operatorClient.GetAsync("/sandbox/admin");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(demo.MachineCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_signed_in_person_reads_only_mail_addressed_to_them_and_an_operator_reads_all()
    {
        var me = await Portal.AddUserAsync();
        var someoneElse = $"other-{Guid.NewGuid():N}@deploy.test";
        var outbox = Portal.Services.GetRequiredService<Outbox>();
        await outbox.WriteAsync(Message(me, "Mine " + me));
        await outbox.WriteAsync(Message(someoneElse, "Theirs " + someoneElse));
        using var member = Portal.CreateVisitor();
        await DeployedPortalFactory.LogInAsync(member, me);
        using var operatorClient = Portal.CreateVisitor();
        await DeployedPortalFactory.LogInAsync(operatorClient, await Portal.AddUserAsync(isOperator: true));

        var mine = await member.GetStringAsync("/dev/outbox");
        var filteredToOther = await member.GetStringAsync($"/dev/outbox?to={Uri.EscapeDataString(someoneElse)}");
        var all = await operatorClient.GetStringAsync("/dev/outbox");

        Assert.Contains("Mine " + me, mine);
        Assert.DoesNotContain("Theirs " + someoneElse, mine);
        Assert.DoesNotContain("Theirs " + someoneElse, filteredToOther);
        Assert.Contains("Mine " + me, all);
        Assert.Contains("Theirs " + someoneElse, all);
    }

    [Fact]
    public async Task The_login_page_does_not_point_anonymous_visitors_at_the_outbox()
    {
        using var visitor = Portal.CreateVisitor();

        var html = await visitor.GetStringAsync("/Account/Login");

        Assert.DoesNotContain("outbox-link", html);
    }

    private static MimeMessage Message(string to, string subject)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(MailboxAddress.Parse("no-reply@portal.example"));
        message.To.Add(MailboxAddress.Parse(to));
        message.Body = new TextPart("plain") { Text = subject };
        return message;
    }
}
