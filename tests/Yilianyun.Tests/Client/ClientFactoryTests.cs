namespace Yilianyun.Tests.Client;

public class ClientFactoryTests
{
    [Fact]
    public async Task A_client_for_run_time_credentials_signs_with_them_and_shares_the_pipeline()
    {
        var handler = new FakeHttpHandler()
            .ReturnsStatus(HttpStatusCode.ServiceUnavailable)
            .Returns("""{"error":0,"error_description":"success","timestamp":1,"body":{"id":7,"origin_id":"t-1"}}""");
        await using var services = ClientFixture.CreateServices(handler);
        var credentials = new YilianyunCredentials("9988776655", "tenant-secret", YilianyunAppType.Own);

        var client = services.GetRequiredService<IYilianyunClientFactory>().Create(credentials);
        var result = await client.PrintTextAsync("tenant-token", new PrintTextRequest("4004", "x", "t-1"));

        Assert.Equal(7, result.Id);
        Assert.Equal(2, handler.Requests.Count); // retried by the shared resilience pipeline
        var form = handler.Requests[1].Form;
        Assert.Equal("9988776655", form["client_id"]);
        var expectedSign = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("9988776655" + form["timestamp"] + "tenant-secret")));
        Assert.Equal(expectedSign, form["sign"]);
        Assert.Equal("https://open-api.10ss.net/print/index", handler.Requests[1].Uri.AbsoluteUri);
    }

    [Fact]
    public void Credentials_do_not_print_the_secret()
    {
        var text = new YilianyunCredentials("9988776655", "tenant-secret", YilianyunAppType.Open).ToString();

        Assert.DoesNotContain("tenant-secret", text, StringComparison.Ordinal);
        Assert.Contains("9988776655", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_credentials_are_rejected()
    {
        using var services = ClientFixture.CreateServices(new FakeHttpHandler());
        var factory = services.GetRequiredService<IYilianyunClientFactory>();

        Assert.ThrowsAny<ArgumentException>(() => factory.Create(new YilianyunCredentials("id", "", YilianyunAppType.Open)));
    }
}
