using System.Text.Json;

namespace Portal.UnitTests.Infrastructure.Hosting;

/// <summary>
/// The sandbox at its own address (Yilianyun:Sandbox:Url), as the README's run command starts it: the platform's paths
/// at the root, its JSON envelope for anything else, and the same platform the portal uses. Its pages (console,
/// printers, consent) are a developer's tools: served on a developer's machine, never by a deployed demo.
/// </summary>
public sealed class SandboxListenerTests
{
    [Fact]
    public async Task On_a_developers_machine_it_serves_the_api_the_envelope_and_the_portals_own_printers_at_the_root()
    {
        await using var portal = new PortalAppFactory { SandboxUrl = "http://127.0.0.1:0" };
        using var sandbox = StartedListener(portal);
        const string machineCode = "4004777001";
        portal.Services.GetRequiredService<SandboxAdmin>().CreatePrinter(new SandboxPrinterOptions { MachineCode = machineCode, Msign = "listener-msign" });

        Assert.Equal("\"12\"", (await EnvelopeAsync(sandbox, HttpMethod.Post, "oauth/oauth", HttpStatusCode.OK)).GetProperty("error").GetRawText());
        Assert.Equal("\"47\"", (await EnvelopeAsync(sandbox, HttpMethod.Get, "no/such/path", HttpStatusCode.NotFound)).GetProperty("error").GetRawText());
        Assert.Equal("47", (await EnvelopeAsync(sandbox, HttpMethod.Get, "v2/no/such/path", HttpStatusCode.NotFound)).GetProperty("error").GetRawText());

        // One platform: the printer the portal's sandbox holds is on the listener's printer page.
        using var page = await sandbox.GetAsync($"printers/{machineCode}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(machineCode, await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("printers/4004000001")]
    [InlineData("oauth/authorize?response_type=code&client_id=1000000001&redirect_uri=x&state=s")]
    [InlineData("v2/oauth/authorize?response_type=code&client_id=1000000001&redirect_uri=x&state=s")]
    public async Task A_deployed_demo_serves_only_the_api_at_the_sandboxs_own_address(string page)
    {
        await using var portal = new DeployedPortalFactory(new Dictionary<string, string?>
        {
            ["Portal:PublicUrl"] = "https://portal.example",
            ["Portal:Demo"] = "true",
            ["Yilianyun:Sandbox:Url"] = "http://127.0.0.1:0",
        });
        using var sandbox = StartedListener(portal);

        var answer = await EnvelopeAsync(sandbox, HttpMethod.Get, page, HttpStatusCode.NotFound);
        Assert.Equal("47", answer.GetProperty("error").ToString());
        Assert.Equal("\"12\"", (await EnvelopeAsync(sandbox, HttpMethod.Post, "oauth/oauth", HttpStatusCode.OK)).GetProperty("error").GetRawText());
    }

    [Fact]
    public async Task Without_an_address_there_is_no_listener()
    {
        await using var portal = new PortalAppFactory();
        using var client = portal.CreateClient();

        Assert.Null(portal.Services.GetRequiredService<SandboxListener>().Address);
    }

    /// <summary>A client for the listener's address, once the portal (and with it the listener) has started.</summary>
    private static HttpClient StartedListener<TEntry>(WebApplicationFactory<TEntry> portal)
        where TEntry : class
    {
        using (portal.CreateClient())
        {
        }

        var address = portal.Services.GetRequiredService<SandboxListener>().Address;
        Assert.NotNull(address);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address.Host)));
        return new HttpClient { BaseAddress = address };
    }

    private static async Task<JsonElement> EnvelopeAsync(HttpClient sandbox, HttpMethod method, string path, HttpStatusCode status)
    {
        using var response = await sandbox.SendAsync(new HttpRequestMessage(method, path));
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
