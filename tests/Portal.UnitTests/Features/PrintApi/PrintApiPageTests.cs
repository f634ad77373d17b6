using Portal.Features.PrintApi;
using Portal.UnitTests.Web;

namespace Portal.UnitTests.Features.PrintApi;

/// <summary>The print API page as each kind of visitor sees it (the every-page tour checks it opens for all of them).</summary>
public sealed class PrintApiPageTests(EveryPageWorld world) : IClassFixture<EveryPageWorld>
{
    [Fact]
    public async Task A_visitor_is_sent_to_log_in()
    {
        using var client = world.Portal.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/" + PrintApiRegistration.PagePath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("owner", true, false)]
    [InlineData("member", false, false)]
    [InlineData("operator", false, true)]
    public async Task Owners_get_the_form_members_the_list_and_operators_their_own_keys(string visitor, bool companyForm, bool operatorKeys)
    {
        using var client = world.Portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await client.LogInAsync(visitor switch { "owner" => world.OwnerEmail, "member" => world.MemberEmail, _ => world.OperatorEmail }, EveryPageWorld.Password);

        var html = await client.GetStringAsync("/" + PrintApiRegistration.PagePath);

        Assert.Equal(visitor == "member", html.Contains("print-api-owners-only", StringComparison.Ordinal));
        Assert.Equal(visitor != "operator", html.Contains("print-api-company-keys", StringComparison.Ordinal));
        Assert.Equal(operatorKeys, html.Contains("print-api-operator-keys", StringComparison.Ordinal));
        Assert.Equal(companyForm || operatorKeys, html.Contains("print-api-key-create", StringComparison.Ordinal));
    }
}
