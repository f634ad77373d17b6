using Portal.Features.OpenApi;

namespace Portal.UnitTests.Features.OpenApi;

public sealed class MaskingTests
{
    [Theory]
    [InlineData("lisi201740", "li******40")]
    [InlineData("alexander.hamilton", "al******on")]
    [InlineData("bob", "b******b")]
    [InlineData("ab", "a******")]
    [InlineData("a", "******")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Usernames_keep_two_first_and_two_last_around_six_stars(string? name, string expected) =>
        Assert.Equal(expected, OpenApiMasking.Username(name));

    [Theory]
    [InlineData("李小龙", "李**")]
    [InlineData("李四", "李*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("李", "*")]
    [InlineData("Alice Wong", "A**** ****")]
    [InlineData("Bo", "B*")]
    [InlineData("  Zoë  ", "Z**")]
    [InlineData("", "")]
    public void Person_names_keep_the_first_character_only(string name, string expected) =>
        Assert.Equal(expected, OpenApiMasking.PersonName(name));

    [Theory]
    [InlineData("13812340170", "13******0170")]
    [InlineData("138 1234 0170", "13******0170")]
    [InlineData("123456", "12******56")]
    [InlineData("12", "1******")]
    [InlineData(null, "")]
    public void User_phones_show_two_first_and_four_last(string? phone, string expected) =>
        Assert.Equal(expected, OpenApiMasking.UserPhone(phone));

    [Theory]
    [InlineData("13312340170", "133*****0170")]
    [InlineData("0991-4567890", "099*****7890")]
    public void Company_phones_show_three_first_and_four_last(string phone, string expected) =>
        Assert.Equal(expected, OpenApiMasking.CompanyPhone(phone));

    [Theory]
    [InlineData("652324819850303404", "6523248***************03404")]
    [InlineData("91650100MA775XYZ4K", "9165010***************XYZ4K")]
    [InlineData("1234", "12***************")]
    public void Tax_numbers_show_seven_first_and_five_last(string number, string expected) =>
        Assert.Equal(expected, OpenApiMasking.TaxNumber(number));

    [Fact]
    public void Company_names_and_addresses_mask_as_the_document_shows()
    {
        Assert.Equal("水磨沟区*******餐饮店", OpenApiMasking.CompanyName("水磨沟区新疆大盘鸡餐饮店"));
        Assert.Equal("乌鲁木齐市***巷186号", OpenApiMasking.Address("乌鲁木齐市沙依巴克区友好南路幸福巷186号"));
        // Too short for the rule: fewer characters are shown, and at least a third stays hidden.
        Assert.Equal("茶叶*******", OpenApiMasking.CompanyName("茶叶铺"));
    }

    [Fact]
    public void A_surrogate_pair_is_never_split()
    {
        var masked = OpenApiMasking.Username("😀😀abcdef😀😀");

        Assert.Equal("😀😀******😀😀", masked);
    }

    [Theory]
    [InlineData("13812340170")]
    [InlineData("652324819850303404")]
    [InlineData("lisi201740")]
    [InlineData("1")]
    public void A_masked_value_never_shows_the_whole_original(string value)
    {
        Assert.NotEqual(value, OpenApiMasking.UserPhone(value).Replace("*", "", StringComparison.Ordinal));
        Assert.NotEqual(value, OpenApiMasking.TaxNumber(value).Replace("*", "", StringComparison.Ordinal));
        Assert.NotEqual(value, OpenApiMasking.Username(value).Replace("*", "", StringComparison.Ordinal));
    }
}
