using Polly.CircuitBreaker;

namespace Yilianyun.Tests.Client;

/// <summary>The registered pipeline: transient failures are retried only for calls that are safe to repeat.</summary>
public class ResilienceTests
{
    private const string PrintOk = """{"error":"0","error_description":"success","body":{"id":"501","origin_id":"order-42"}}""";

    [Fact]
    public async Task A_print_that_meets_a_503_is_retried_with_the_same_origin_id_and_body()
    {
        var handler = new FakeHttpHandler().ReturnsStatus(HttpStatusCode.ServiceUnavailable).Returns(PrintOk);
        await using var services = ClientFixture.CreateServices(handler);
        var client = services.GetRequiredService<IYilianyunClient>();

        var result = await client.PrintTextAsync(ClientFixture.AccessToken, new PrintTextRequest("4004", "订单 A&B", "order-42"));

        Assert.Equal(501, result.Id);
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, request => Assert.Equal("order-42", request.Form["origin_id"]));
        Assert.All(handler.Requests, request => Assert.Equal("1", request.Form["idempotence"]));
        Assert.Equal(handler.Requests[0].Body, handler.Requests[1].Body);
    }

    [Fact]
    public async Task A_print_whose_connection_drops_is_retried_with_the_same_origin_id()
    {
        var handler = new FakeHttpHandler().Throws(new HttpRequestException("connection reset")).Returns(PrintOk);
        await using var services = ClientFixture.CreateServices(handler);

        await services.GetRequiredService<IYilianyunClient>()
            .PrintPictureAsync(ClientFixture.AccessToken, new PrintPictureRequest("4004", "https://img.example/a.png", "order-42"));

        Assert.Equal(["order-42", "order-42"], handler.Requests.Select(request => request.Form["origin_id"]));
    }

    [Fact]
    public async Task A_print_without_idempotence_is_sent_once()
    {
        var handler = new FakeHttpHandler().ReturnsStatus(HttpStatusCode.ServiceUnavailable);
        await using var services = ClientFixture.CreateServices(handler);

        var exception = await Assert.ThrowsAsync<YilianyunException>(() => services.GetRequiredService<IYilianyunClient>()
            .PrintTextAsync(ClientFixture.AccessToken, new PrintTextRequest("4004", "x", "order-42") { Idempotent = false }));

        Assert.Single(handler.Requests);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, exception.Error.HttpStatus);
    }

    [Fact]
    public async Task A_token_grant_is_sent_exactly_once_on_a_503()
    {
        var handler = new FakeHttpHandler().ReturnsStatus(HttpStatusCode.ServiceUnavailable);
        await using var services = ClientFixture.CreateServices(handler);

        var exception = await Assert.ThrowsAsync<YilianyunException>(() =>
            services.GetRequiredService<IYilianyunClient>().RefreshTokenAsync("rt"));

        Assert.Single(handler.Requests);
        Assert.True(exception.Error.IsTransport);
    }

    [Fact]
    public async Task Delete_printer_is_sent_exactly_once_when_the_connection_drops()
    {
        var handler = new FakeHttpHandler().Throws(new HttpRequestException("connection reset"));
        await using var services = ClientFixture.CreateServices(handler);

        await Assert.ThrowsAsync<YilianyunException>(() =>
            services.GetRequiredService<IYilianyunClient>().DeletePrinterAsync(ClientFixture.AccessToken, "4004"));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_query_is_retried_until_it_succeeds()
    {
        var handler = new FakeHttpHandler()
            .ReturnsStatus(HttpStatusCode.BadGateway)
            .ReturnsStatus(HttpStatusCode.ServiceUnavailable)
            .Returns(ClientFixture.Success("""{"state":"1"}"""));
        await using var services = ClientFixture.CreateServices(handler);

        var status = await services.GetRequiredService<IYilianyunClient>().GetPrintStatusAsync(ClientFixture.AccessToken, "4004");

        Assert.Equal(PrinterState.Online, status.State);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Platform_errors_are_not_retried()
    {
        var handler = new FakeHttpHandler().Returns("""{"error":"18","error_description":"access_token过期或错误"}""");
        await using var services = ClientFixture.CreateServices(handler);

        var exception = await Assert.ThrowsAsync<YilianyunException>(() =>
            services.GetRequiredService<IYilianyunClient>().GetPrintStatusAsync(ClientFixture.AccessToken, "4004"));

        Assert.True(exception.Error.IsAccessTokenExpired);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Retries_stop_after_the_configured_count()
    {
        var handler = new FakeHttpHandler().ReturnsStatus(HttpStatusCode.ServiceUnavailable);
        await using var services = ClientFixture.CreateServices(handler, new() { ["Yilianyun:MaxRetryAttempts"] = "2" });

        await Assert.ThrowsAsync<YilianyunException>(() =>
            services.GetRequiredService<IYilianyunClient>().GetVersionAsync(ClientFixture.AccessToken, "4004"));

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task The_circuit_opens_after_the_minimum_throughput_of_failures()
    {
        var handler = new FakeHttpHandler().ReturnsStatus(HttpStatusCode.InternalServerError);
        await using var services = ClientFixture.CreateServices(handler, new() { ["Yilianyun:MaxRetryAttempts"] = "0" });
        var client = services.GetRequiredService<IYilianyunClient>();

        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<YilianyunException>(() => client.CancelAllAsync(ClientFixture.AccessToken, "4004"));
        }

        var rejected = await Assert.ThrowsAsync<YilianyunException>(() => client.CancelAllAsync(ClientFixture.AccessToken, "4004"));

        Assert.Equal(10, handler.Requests.Count); // the 11th call never left the client
        Assert.True(rejected.Error.IsTransport);
        Assert.IsAssignableFrom<BrokenCircuitException>(rejected.InnerException);
    }

    [Theory]
    [InlineData("print/index", true, true)]
    [InlineData("pictureprint/index", true, true)]
    [InlineData("expressprint/index", true, true)]
    [InlineData("print/index", false, false)]
    [InlineData("printer/getprintstatus", false, true)]
    [InlineData("/printer/getorderpaginglist", false, true)]
    [InlineData("printer/getorder", false, true)]
    [InlineData("oauth/setpushurl", false, true)]
    [InlineData("oauth/oauth", true, false)]
    [InlineData("oauth/scancodemodel", true, false)]
    [InlineData("printer/deleteprinter", true, false)]
    [InlineData("printer/addprinter", true, false)]
    [InlineData("printer/cancelone", true, false)]
    [InlineData("printer/reprintorder", true, false)]
    [InlineData("printer/shutdownrestart", true, false)]
    [InlineData("printmenu/addprintmenu", true, false)]
    [InlineData("some/new/endpoint", true, false)]
    public void Retry_classification(string path, bool idempotent, bool mayRetry) =>
        Assert.Equal(mayRetry, YilianyunCallClassifier.MayRetry(path, idempotent));

    [Fact]
    public void Requests_without_the_client_mark_are_never_retried()
    {
        using var unmarked = new HttpRequestMessage(HttpMethod.Post, "print/index");

        Assert.False(YilianyunCallClassifier.MayRetry(unmarked));
        Assert.False(YilianyunCallClassifier.MayRetry((HttpRequestMessage?)null));
    }
}
