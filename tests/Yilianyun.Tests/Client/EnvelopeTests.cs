namespace Yilianyun.Tests.Client;

public class EnvelopeTests
{
    [Fact]
    public void V1_envelope_has_a_string_error_and_no_timestamp()
    {
        var envelope = YilianyunEnvelope.Parse("""{"error":"0","error_description":"success","body":{"id":"123","origin_id":"abc"}}""");

        Assert.True(envelope.IsSuccess);
        Assert.Equal("success", envelope.ErrorDescription);
        Assert.Null(envelope.Timestamp);
        Assert.Equal("123", envelope.Body!.Value.GetProperty("id").GetString());
    }

    [Fact]
    public void V2_envelope_has_an_integer_error_and_a_timestamp()
    {
        var envelope = YilianyunEnvelope.Parse("""{"error":0,"error_description":"success","timestamp":1705251051,"body":{"id":2540003905,"origin_id":"1"}}""");

        Assert.True(envelope.IsSuccess);
        Assert.Equal(1705251051, envelope.Timestamp);
    }

    [Theory]
    [InlineData("""{"error":"18","error_description":"access_token过期或错误"}""", 18)]
    [InlineData("""{"error":18,"error_description":"x","timestamp":1}""", 18)]
    [InlineData("""{"error":" 41 ","error_description":"x"}""", 41)]
    public void Error_codes_are_read_from_either_type(string json, int code)
    {
        var envelope = YilianyunEnvelope.Parse(json);

        Assert.False(envelope.IsSuccess);
        Assert.Equal(code, envelope.Error);
        Assert.Null(envelope.Body);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"error_description":"success"}""")]
    [InlineData("""{"error":"zero"}""")]
    [InlineData("[1,2]")]
    public void Anything_else_is_not_an_envelope(string json) =>
        Assert.Throws<FormatException>(() => YilianyunEnvelope.Parse(json));

    [Theory]
    [InlineData("""{"error":"0","error_description":"success","body":{"id":"123","origin_id":"abc"}}""", 123L)]
    [InlineData("""{"error":0,"error_description":"success","timestamp":1705251051,"body":{"id":2540003905,"origin_id":"abc"}}""", 2540003905L)]
    public async Task Print_results_read_ids_as_long_in_both_dialects(string json, long id)
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns(json));

        var result = await client.PrintTextAsync(ClientFixture.AccessToken, new PrintTextRequest("m", "x", "abc"));

        Assert.Equal(new PrintResult { Id = id, OriginId = "abc" }, result);
    }

    [Theory]
    [InlineData("""{"state":"1"}""", PrinterState.Online, "")]
    [InlineData("""{"machine_code":"4004","state":2}""", PrinterState.OutOfPaper, "4004")]
    [InlineData("""{"state":0}""", PrinterState.Offline, "")]
    public async Task Printer_status_reads_state_as_string_or_number(string body, PrinterState state, string machineCode)
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns(ClientFixture.Success(body)));

        var status = await client.GetPrintStatusAsync(ClientFixture.AccessToken, "4004");

        Assert.Equal(state, status.State);
        Assert.Equal(machineCode, status.MachineCode);
    }

    [Fact]
    public async Task V1_token_grant_gets_the_documented_35_day_refresh_lifetime()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns(
            """{'error':'0','error_description':'success','body':{'access_token':'AT1','refresh_token':'RT1','machine_code':'4004','expires_in':2592000,'scope':'all'}}""".Replace('\'', '"')));

        var grant = await client.GetTokenByAuthorizationCodeAsync("code-1");

        Assert.Equal(("AT1", "RT1", "4004", "all"), (grant.AccessToken, grant.RefreshToken, grant.MachineCode, grant.Scope));
        Assert.Equal(ClientFixture.Now, grant.ReceivedAt);
        Assert.Equal(ClientFixture.Now.AddDays(30), grant.AccessTokenExpiresAt);
        Assert.Equal(ClientFixture.Now.AddDays(35), grant.RefreshTokenExpiresAt);
    }

    [Fact]
    public async Task V2_token_grant_reads_refresh_expires_in()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns(
            """{"error":0,"error_description":"success","timestamp":1,"body":{"client_id":"1234567890","access_token":"AT2","refresh_token":"RT2","machine_code":"","expires_in":2592000,"refresh_expires_in":86400,"scope":"all"}}"""),
            YilianyunHosts.DomesticV2, YilianyunAppType.Own);

        var grant = await client.GetTokenByClientCredentialsAsync();

        Assert.Equal("", grant.MachineCode);
        Assert.Null(grant.AccessTokenExpiresAt); // own-app tokens never expire
        Assert.Equal(ClientFixture.Now.AddDays(1), grant.RefreshTokenExpiresAt);
    }

    [Fact]
    public async Task Token_grants_do_not_print_their_tokens()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns(ClientFixture.Success(
            """{"access_token":"SECRET-AT","refresh_token":"SECRET-RT","machine_code":"4004","expires_in":2592000,"scope":"all"}""")));

        var grant = await client.RefreshTokenAsync("old-refresh");

        Assert.DoesNotContain("SECRET", grant.ToString(), StringComparison.Ordinal);
        Assert.Contains("4004", grant.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_list_reads_v1_strings_and_numbers()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns(ClientFixture.Success(
            """[{"id":"137550437","origin_id":"o1","status":1,"content":"hi","receiving_time":"2024-01-01 08:00:00","print_time":"2024-01-01 08:00:03"},{"id":"137550438","origin_id":"o2","status":0,"content":"x","receiving_time":"2024-01-01 09:00:00","print_time":"0"}]""")));

        var orders = await client.GetOrderPagingListAsync(ClientFixture.AccessToken, "4004", 1, 10);

        Assert.Equal([137550437L, 137550438L], orders.Select(order => order.Id));
        Assert.Equal([PrintOrderState.Printed, PrintOrderState.NotPrinted], orders.Select(order => order.State));
        Assert.Equal("0", orders[1].PrintTime);
    }

    [Fact]
    public async Task Order_list_accepts_v2_integers_and_a_wrapping_object()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns(
            """{"error":0,"error_description":"success","timestamp":1,"body":{"list":[{"id":2540003905,"origin_id":"o1","status":2,"content":"c","receiving_time":1705251051,"print_time":0}]}}"""));

        var order = Assert.Single(await client.GetOrderPagingListAsync(ClientFixture.AccessToken, "4004", 1, 10));

        Assert.Equal(2540003905L, order.Id);
        Assert.Equal(PrintOrderState.Cancelled, order.State);
        Assert.Equal("1705251051", order.ReceivingTime);
    }
}
