namespace Yilianyun.Tests.Client;

public class PushTests
{
    private const string ClientId = ClientFixture.ClientId;
    private const string Secret = ClientFixture.ClientSecret;
    private const string PushTime = "1704067200";

    /// <summary>The push sign computed here, independently: MD5(client_id + push_time + client_secret).</summary>
    private static readonly string Sign =
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(ClientId + PushTime + Secret)));

    private static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(field => $"{Uri.EscapeDataString(field.Name)}={Uri.EscapeDataString(field.Value)}"));

    [Fact]
    public void A_print_finished_form_push_is_verified_and_parsed()
    {
        var body = Form(("machine_code", "4004123456"), ("order_id", "2540003905"), ("state", "1"), ("print_time", "1704067190"),
            ("origin_id", "order-42"), ("push_time", PushTime), ("sign", Sign), ("cmd", "oauth_finish"));

        var result = YilianyunPushReader.Read(body, ClientId, Secret);

        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(new PrintFinishedPush("4004123456", 2540003905, 1, "1704067190", "order-42", PushTime), result.Push);
        Assert.True(((PrintFinishedPush)result.Push!).Printed);
    }

    [Fact]
    public void The_sign_is_compared_ignoring_case()
    {
        var body = Form(("machine_code", "4004"), ("online", "2"), ("push_time", PushTime), ("sign", Sign.ToUpperInvariant()));

        var result = YilianyunPushReader.Read(body, ClientId, Secret);

        var push = Assert.IsType<PrinterStatusPush>(result.Push);
        Assert.Equal(PrinterState.OutOfPaper, push.Online);
        Assert.Equal(PushCommand.PrintStatus, push.Command);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("")]
    [InlineData("short")]
    public void A_wrong_sign_is_rejected(string sign)
    {
        var body = Form(("machine_code", "4004"), ("online", "1"), ("push_time", PushTime), ("sign", sign));

        var result = YilianyunPushReader.Read(body, ClientId, Secret);

        Assert.False(result.IsValid);
        Assert.Contains("sign", result.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_push_signed_with_another_secret_is_rejected()
    {
        var otherSign = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(ClientId + PushTime + "other-secret")));
        var body = Form(("machine_code", "4004"), ("online", "1"), ("push_time", PushTime), ("sign", otherSign));

        Assert.False(YilianyunPushReader.Read(body, ClientId, Secret).IsValid);
    }

    [Fact]
    public void A_json_order_decision_push_with_integer_state_is_parsed()
    {
        var body = $$"""{"machine_code":"4004","order_id":"77","state":0,"push_time":"{{PushTime}}","sign":"{{Sign}}","cmd":"oauth_getOrder"}""";

        var push = Assert.IsType<OrderDecisionPush>(YilianyunPushReader.Read(body, ClientId, Secret).Push);

        Assert.Equal(77, push.OrderId);
        Assert.False(push.Accepted);
    }

    [Fact]
    public void A_key_request_push_is_parsed()
    {
        var body = Form(("machine_code", "4004"), ("state", "request2"), ("push_time", PushTime), ("sign", Sign), ("cmd", "oauth_request"));

        var push = Assert.IsType<KeyRequestPush>(YilianyunPushReader.Read(body, ClientId, Secret).Push);

        Assert.True(push.IsLongPress);
    }

    [Theory]
    [InlineData("online=1", typeof(PrinterStatusPush))]
    [InlineData("order_id=5&state=1&print_time=1&origin_id=o", typeof(PrintFinishedPush))]
    [InlineData("order_id=5&state=1", typeof(OrderDecisionPush))]
    [InlineData("state=request1", typeof(KeyRequestPush))]
    public void Without_cmd_the_kind_is_inferred_from_the_fields(string fields, Type kind)
    {
        var body = $"machine_code=4004&push_time={PushTime}&sign={Sign}&{fields}";

        Assert.IsType(kind, YilianyunPushReader.Read(body, ClientId, Secret).Push);
    }

    [Theory]
    [InlineData("machine_code=4004&online=1&sign=x", "push_time")]
    [InlineData("{not json", "JSON")]
    public void Malformed_pushes_are_reported(string body, string problem)
    {
        var result = YilianyunPushReader.Read(body, ClientId, Secret);

        Assert.False(result.IsValid);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_correctly_signed_push_of_an_unknown_kind_is_reported()
    {
        var body = Form(("machine_code", "4004"), ("push_time", PushTime), ("sign", Sign), ("cmd", "oauth_printMenu"));

        var result = YilianyunPushReader.Read(body, ClientId, Secret);

        Assert.False(result.IsValid);
        Assert.Contains("oauth_printMenu", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_acknowledgement_is_the_exact_documented_reply() =>
        Assert.Equal("{\"data\":\"OK\"}", YilianyunPushReader.Acknowledgement);
}
