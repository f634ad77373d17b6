using Portal.Features.Account;

namespace Portal.UnitTests.Features.Account;

public sealed class IdentityTokenCodecTests
{
    [Fact]
    public void A_token_survives_the_round_trip_through_a_link()
    {
        const string token = "CfDJ8+token/with=padding";

        var code = IdentityTokenCodec.Encode(token);

        Assert.DoesNotContain('+', code);
        Assert.DoesNotContain('/', code);
        Assert.Equal(token, IdentityTokenCodec.DecodeOrNull(code));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("a")] // a length base64 never has
    [InlineData("ab%cd")]
    [InlineData("不是编码")]
    public void A_missing_or_hand_edited_code_reads_as_null_instead_of_throwing(string? code)
    {
        Assert.Null(IdentityTokenCodec.DecodeOrNull(code));
    }
}
