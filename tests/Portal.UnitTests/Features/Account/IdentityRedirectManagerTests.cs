using Portal.Features.Account;

namespace Portal.UnitTests.Features.Account;

public sealed class IdentityRedirectManagerTests
{
    [Theory]
    [InlineData("tenants/dashboard", "tenants/dashboard")]
    [InlineData("/printers?page=2", "/printers?page=2")]
    [InlineData("https://portal.test/tenants", "tenants")]
    [InlineData("https://evil.test/phish", "")]
    [InlineData("//evil.test/phish", "")]
    [InlineData("/\\evil.test/phish", "")]
    [InlineData("javascript:alert(1)", "")]
    [InlineData("not a url at all", "")]
    [InlineData(null, "")]
    public void Return_urls_stay_inside_the_portal(string? returnUrl, string expected)
    {
        var navigation = new RecordingNavigationManager();
        var redirects = new IdentityRedirectManager(navigation,
            new StringLocalizer<IdentityRedirectManager>(new PortalStringLocalizerFactory()));

        redirects.RedirectTo(returnUrl);

        Assert.Equal(expected, navigation.LastTarget);
    }

    private sealed class RecordingNavigationManager : NavigationManager
    {
        public RecordingNavigationManager() => Initialize("https://portal.test/", "https://portal.test/Account/Login");

        public string? LastTarget { get; private set; }

        protected override void NavigateToCore(string uri, NavigationOptions options) => LastTarget = uri;
    }
}
