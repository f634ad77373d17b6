using System.Text.Json;

namespace Yilianyun.Tests.Sandbox;

/// <summary>
/// The standalone sandbox host as its own process, driven by plain HTTP requests written from the vendor's
/// documentation: the platform's paths at the root of its address, its JSON envelope for everything else, and a state
/// that survives SIGKILL with every answer it gave.
/// </summary>
public sealed class SandboxHostProcessTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sandbox-process-tests", Guid.NewGuid().ToString("N"));

    private string StateFile => Path.Combine(_folder, "state", "sandbox.json");

    [Fact]
    public async Task A_client_written_from_the_vendor_documentation_connects_prints_and_reads_the_status_at_the_root()
    {
        await using var sandbox = await SandboxProcess.StartAsync(StateFile);
        using var client = await ConnectedClientAsync(sandbox);

        // v1 takes an origin_id of letters and digits only.
        var v1 = await client.PostAsync("print/index", ("machine_code", SandboxProcess.Printers[0]),
            ("content", "<center>门店 Shop</center>\nOrder 42"), ("origin_id", "vendor1"));
        Assert.Equal(0, VendorClient.Error(v1));
        Assert.Equal("0", v1.GetProperty("error").GetString());
        var orderId = v1.GetProperty("body").GetProperty("id").GetString()!;

        var v2 = await client.PostAsync("v2/print/index", ("machine_code", SandboxProcess.Printers[1]),
            ("content", "Second"), ("origin_id", "vendor-2"));
        Assert.Equal(0, v2.GetProperty("error").GetInt32());
        Assert.Equal(JsonValueKind.Number, v2.GetProperty("body").GetProperty("id").ValueKind);

        // The printer prints it after its delay; the order status says so.
        JsonElement status = default;
        for (var attempt = 0; attempt < 50; attempt++)
        {
            status = await client.PostAsync("printer/getorderstatus", ("machine_code", SandboxProcess.Printers[0]), ("order_id", orderId));
            if (status.GetProperty("body").GetProperty("status").ToString() == "1")
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.Equal("1", status.GetProperty("body").GetProperty("status").ToString());
        Assert.Equal("vendor1", status.GetProperty("body").GetProperty("origin_id").GetString());
    }

    [Theory]
    [InlineData("/no/such/path", "GET", 404, "\"47\"")]
    [InlineData("/v2/no/such/path", "POST", 404, "47")]
    [InlineData("/oauth/oauth", "GET", 405, "\"47\"")]
    [InlineData("/oauth/oauth", "POST", 200, "\"12\"")]
    public async Task Anything_the_platform_does_not_serve_answers_its_json_envelope(string path, string method, int status, string error)
    {
        await using var sandbox = await SandboxProcess.StartAsync(StateFile);
        using var http = new HttpClient { BaseAddress = sandbox.Address };

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/')));

        Assert.Equal(status, (int)response.StatusCode);
        var answer = await VendorClient.ReadAsync(response);
        Assert.Equal(error, answer.GetProperty("error").GetRawText());
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("error_description").GetString()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Killed_at_a_random_moment_it_comes_back_with_every_order_it_answered_and_never_reuses_an_order_id(int seed)
    {
        var random = new Random(seed);
        var answered = new List<(string MachineCode, string OriginId, long OrderId)>();
        string? token = null;
        for (var round = 0; round < 3; round++)
        {
            await using var sandbox = await SandboxProcess.StartAsync(StateFile);
            using var client = token is null ? await ConnectedClientAsync(sandbox) : new VendorClient(sandbox.Address, SandboxProcess.ClientId, SandboxProcess.ClientSecret) { AccessToken = token };
            token = client.AccessToken;
            AssertStillKnown(client, answered);

            // A batch of prints in flight when SIGKILL strikes, a random number of milliseconds in.
            var batch = Enumerable.Range(0, 12).Select(i => PrintAsync(client, SandboxProcess.Printers[i % 2], $"r{round}-{i}")).ToList();
            await Task.Delay(random.Next(20, 400));
            await sandbox.KillAsync();
            foreach (var print in batch)
            {
                if (await print is { } order)
                {
                    answered.Add(order);
                }
            }
        }

        await using var last = await SandboxProcess.StartAsync(StateFile);
        using var check = new VendorClient(last.Address, SandboxProcess.ClientId, SandboxProcess.ClientSecret) { AccessToken = token };
        AssertStillKnown(check, answered);
        Assert.Equal(answered.Count, answered.Select(a => a.OrderId).Distinct().Count());
        Assert.NotEmpty(answered);

        // A print sent again with an answered origin_id is the same order: nothing prints twice.
        var (machineCode, originId, orderId) = answered[^1];
        Assert.Equal(orderId, (await PrintAsync(check, machineCode, originId))!.Value.OrderId);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StateFile));
        }
    }

    private static void AssertStillKnown(VendorClient client, List<(string MachineCode, string OriginId, long OrderId)> answered)
    {
        foreach (var (machineCode, originId, orderId) in answered)
        {
            var status = client.PostAsync("v2/printer/getorderstatus", ("machine_code", machineCode),
                ("order_id", orderId.ToString(System.Globalization.CultureInfo.InvariantCulture))).GetAwaiter().GetResult();
            Assert.True(VendorClient.Error(status) == 0, $"order {orderId} ({originId}) was answered before the kill and is gone: {status}");
            Assert.Equal(originId, status.GetProperty("body").GetProperty("origin_id").GetString());
        }
    }

    /// <summary>The order the sandbox answered for this print, or null when the kill came first.</summary>
    private static async Task<(string MachineCode, string OriginId, long OrderId)?> PrintAsync(VendorClient client, string machineCode, string originId)
    {
        try
        {
            var answer = await client.PostAsync("v2/print/index", ("machine_code", machineCode), ("content", $"Order {originId}"), ("origin_id", originId));
            Assert.Equal(0, VendorClient.Error(answer));
            return (machineCode, originId, answer.GetProperty("body").GetProperty("id").GetInt64());
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>An own app's token (client_credentials) and both printers added with their msign.</summary>
    private static async Task<VendorClient> ConnectedClientAsync(SandboxProcess sandbox)
    {
        var client = new VendorClient(sandbox.Address, SandboxProcess.ClientId, SandboxProcess.ClientSecret);
        var token = await client.PostAsync("oauth/oauth", ("grant_type", "client_credentials"), ("scope", "all"));
        Assert.Equal(0, VendorClient.Error(token));
        client.AccessToken = token.GetProperty("body").GetProperty("access_token").GetString();
        foreach (var printer in SandboxProcess.Printers)
        {
            var added = await client.PostAsync("printer/addprinter", ("machine_code", printer), ("msign", SandboxProcess.Msign(printer)));
            Assert.Equal(0, VendorClient.Error(added));
        }

        return client;
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
