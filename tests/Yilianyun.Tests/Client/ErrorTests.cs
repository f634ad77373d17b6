namespace Yilianyun.Tests.Client;

public class ErrorTests
{
    public static TheoryData<int> V1Codes => [.. Enumerable.Range(0, 50)];

    [Theory]
    [MemberData(nameof(V1Codes))]
    public void Every_v1_code_has_a_named_member_and_an_english_and_chinese_message(int code)
    {
        Assert.True(Enum.IsDefined(typeof(YilianyunErrorCode), code));
        Assert.Contains(code, YilianyunErrorCatalog.KnownCodes);
        var (english, chinese) = YilianyunErrorCatalog.Describe(code);
        Assert.Matches("^[A-Za-z]", english);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", chinese);
    }

    [Fact]
    public void Messages_are_distinct_per_code()
    {
        var messages = YilianyunErrorCatalog.KnownCodes.Select(code => YilianyunErrorCatalog.Describe(code)).ToList();

        Assert.Equal(messages.Count, messages.Select(message => message.English).Distinct().Count());
        Assert.Equal(messages.Count, messages.Select(message => message.Chinese).Distinct().Count());
    }

    public static TheoryData<int, string> NamedConditions => new()
    {
        { 18, nameof(YilianyunError.IsAccessTokenExpired) },
        { 14, nameof(YilianyunError.IsAccessTokenInvalid) },
        { 20, nameof(YilianyunError.IsRefreshTokenExpired) },
        { 41, nameof(YilianyunError.IsLimitReached) },
        { 11, nameof(YilianyunError.IsSignFailure) },
        { 6, nameof(YilianyunError.IsAuthorizationCodeInvalid) },
        { 5, nameof(YilianyunError.IsClientCredentialsWrong) },
        { 17, nameof(YilianyunError.IsPrinterAlreadyBound) },
        { 35, nameof(YilianyunError.IsPrinterKeyWrong) },
        { 24, nameof(YilianyunError.IsNothingToCancel) },
        { 31, nameof(YilianyunError.IsWrongAppType) },
        { 33, nameof(YilianyunError.IsInvalidUuid) },
    };

    [Theory]
    [MemberData(nameof(NamedConditions))]
    public async Task A_platform_error_sets_exactly_its_named_condition(int code, string condition)
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns($$"""{"error":"{{code}}","error_description":"平台描述"}"""));

        var exception = await Assert.ThrowsAsync<YilianyunException>(() => client.GetPrintStatusAsync(ClientFixture.AccessToken, "4004"));

        var error = exception.Error;
        Assert.Equal(YilianyunErrorKind.Platform, error.Kind);
        Assert.Equal(code, error.Code);
        Assert.Equal((YilianyunErrorCode)code, error.KnownCode);
        Assert.Equal("平台描述", error.PlatformDescription);
        Assert.Equal("printer/getprintstatus", error.Path);
        var conditions = typeof(YilianyunError).GetProperties()
            .Where(property => property.PropertyType == typeof(bool) && property.Name.StartsWith("Is", StringComparison.Ordinal) && property.Name != nameof(YilianyunError.IsTransport))
            .Where(property => (bool)property.GetValue(error)!)
            .Select(property => property.Name);
        Assert.Equal([condition], conditions);
        Assert.Contains(YilianyunErrorCatalog.Describe(code).English, exception.Message, StringComparison.Ordinal);
        Assert.Contains(YilianyunErrorCatalog.Describe(code).Chinese, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_token_expiry_requires_reauthorization_but_access_token_expiry_does_not()
    {
        var client = ClientFixture.Create(new FakeHttpHandler()
            .Returns("""{"error":20,"error_description":"x"}""")
            .Returns("""{"error":18,"error_description":"x"}"""));

        var refresh = await Assert.ThrowsAsync<YilianyunException>(() => client.RefreshTokenAsync("rt"));
        var access = await Assert.ThrowsAsync<YilianyunException>(() => client.CancelAllAsync("at", "m"));

        Assert.True(refresh.Error.RequiresReauthorization);
        Assert.False(access.Error.RequiresReauthorization);
    }

    [Fact]
    public async Task Detail_from_the_body_is_kept_for_parameter_errors()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns("""{"error":"47","error_description":"参数错误","body":"origin_id too long"}"""));

        var exception = await Assert.ThrowsAsync<YilianyunException>(() => client.CancelOneAsync("at", "m", 5));

        Assert.Equal("origin_id too long", exception.Error.Detail);
        Assert.Contains("origin_id too long", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_v2_code_keeps_its_number_and_gets_a_generic_message()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns("""{"error":100023,"error_description":"新错误","timestamp":1}"""));

        var exception = await Assert.ThrowsAsync<YilianyunException>(() => client.CancelAllAsync("at", "m"));

        Assert.Equal(100023, exception.Error.Code);
        Assert.Null(exception.Error.KnownCode);
        Assert.Contains("100023", exception.Error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("100023", exception.Error.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_never_contain_the_secret_or_tokens()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns("""{"error":"11","error_description":"sign验证失败"}"""));

        var exception = await Assert.ThrowsAsync<YilianyunException>(() => client.PrintTextAsync(ClientFixture.AccessToken, new PrintTextRequest("m", "x", "o")));

        foreach (var text in new[] { exception.Message, exception.ToString(), exception.Error.ToString() })
        {
            Assert.DoesNotContain(ClientFixture.ClientSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(ClientFixture.AccessToken, text, StringComparison.Ordinal);
        }

        Assert.True(exception.Error.IsSignFailure);
    }

    [Fact]
    public async Task A_connection_failure_is_a_transport_error()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Throws(new HttpRequestException("connection refused")));

        var exception = await Assert.ThrowsAsync<YilianyunException>(() => client.CancelAllAsync("at", "m"));

        Assert.Equal(YilianyunErrorKind.Transport, exception.Error.Kind);
        Assert.True(exception.Error.IsTransport);
        Assert.Null(exception.Error.Code);
        Assert.IsType<HttpRequestException>(exception.InnerException);
        Assert.False(exception.Error.TimedOut);
        Assert.Contains("refused or dropped", exception.Error.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_that_times_out_is_a_transport_error_that_says_so()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Throws(new Polly.Timeout.TimeoutRejectedException()));

        var exception = await Assert.ThrowsAsync<YilianyunException>(() => client.CancelAllAsync("at", "m"));

        Assert.Equal(YilianyunErrorKind.Transport, exception.Error.Kind);
        Assert.True(exception.Error.TimedOut);
        Assert.Contains("did not answer in time", exception.Error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("未及时应答", exception.Error.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_error_page_is_a_transport_error_with_the_status()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().ReturnsStatus(HttpStatusCode.BadGateway));

        var exception = await Assert.ThrowsAsync<YilianyunException>(() => client.CancelAllAsync("at", "m"));

        Assert.Equal(YilianyunErrorKind.Transport, exception.Error.Kind);
        Assert.Equal(HttpStatusCode.BadGateway, exception.Error.HttpStatus);
        Assert.Contains("502", exception.Error.MessageEn, StringComparison.Ordinal);
        Assert.False(exception.Error.TimedOut);
    }

    [Fact]
    public async Task A_non_envelope_success_response_is_an_invalid_response()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns("<html>captive portal</html>"));

        var exception = await Assert.ThrowsAsync<YilianyunException>(() => client.CancelAllAsync("at", "m"));

        Assert.Equal(YilianyunErrorKind.InvalidResponse, exception.Error.Kind);
    }

    [Fact]
    public async Task A_success_without_the_expected_body_is_an_invalid_response()
    {
        var client = ClientFixture.Create(new FakeHttpHandler().Returns(FakeHttpHandler.EmptySuccess));

        var exception = await Assert.ThrowsAsync<YilianyunException>(() => client.PrintTextAsync("at", new PrintTextRequest("m", "x", "o")));

        Assert.Equal(YilianyunErrorKind.InvalidResponse, exception.Error.Kind);
    }
}
