using Bunit.TestDoubles;
using Portal.Components.Layout;
using Portal.Infrastructure.Ui;
using Portal.Features.Companies;

namespace Portal.UnitTests.Components;

/// <summary>Components rendered with bUnit over the real services and a fresh database.</summary>
public sealed class ComponentTests : PortalComponentContext
{
    private ServiceHarness _harness = default!;

    public override async Task InitializeAsync()
    {
        _harness = await ServiceHarness.CreateAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _harness.DisposeAsync();
    }

    /// <summary>Hands the components the harness's services, as the signed-in user sees them.</summary>
    private void UseServicesOf(string userId)
    {
        _harness.SignIn(userId);
        Services.AddSingleton(_harness.Get<TenantService>());
        Services.AddSingleton(_harness.Get<CallerAccessor>());
    }

    /// <summary><typeparamref name="TComponent"/> with the popover provider its menus open in, in one fragment, so the menus are part of its markup.</summary>
    private static RenderFragment WithPopovers<TComponent>() where TComponent : IComponent => builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<TComponent>(1);
        builder.CloseComponent();
    };

    [Fact]
    public async Task The_tenant_switcher_lists_my_companies_and_switches_with_a_full_reload()
    {
        var alice = await _harness.AddUserAsync("alice@a.test");
        var first = await _harness.AddTenantAsync(alice, "Alpha Noodles");
        await _harness.AddTenantAsync(alice, "Alpha Tea");
        var stranger = await _harness.AddUserAsync("bob@b.test");
        await _harness.AddTenantAsync(stranger, "Beta Secret");
        UseServicesOf(alice);

        var cut = Render(WithPopovers<TenantSwitcher>());

        // The newest company is current after creation (shown once the companies are loaded).
        cut.WaitForAssertion(() => Assert.Contains("Alpha Tea", cut.Find("button").TextContent));
        cut.Find("button").Click();
        cut.WaitForAssertion(() => Assert.Contains("Alpha Noodles", cut.FindAll(".mud-menu-item").Select(i => i.TextContent.Trim())));
        Assert.DoesNotContain(cut.FindAll(".mud-menu-item"), i => i.TextContent.Contains("Beta Secret", StringComparison.Ordinal));

        await cut.InvokeAsync(() => cut.FindAll(".mud-menu-item").First(i => i.TextContent.Contains("Alpha Noodles", StringComparison.Ordinal)).Click());

        // The choice is saved, then the whole page reloads at home. bUnit starts at home: wait for the navigation itself.
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        cut.WaitForAssertion(() => Assert.Single(navigation.History));
        Assert.Equal("http://localhost/", navigation.Uri);
        Assert.True(navigation.History.Single().Options.ForceLoad);
        await using var db = await _harness.DbFactory.CreateDbContextAsync();
        Assert.Equal(first, await db.Users.Where(u => u.Id == alice).Select(u => u.CurrentTenantId).SingleAsync());
    }

    [Theory]
    [InlineData("en", "This field is required.")]
    [InlineData("zh-CN", "这是必填项。")]
    public async Task Onboarding_refuses_an_empty_company_name_in_the_users_language(string culture, string message)
    {
        var alice = await _harness.AddUserAsync("alice@a.test");
        UseServicesOf(alice);
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            var cut = Render(WithPopovers<Onboarding>());

            cut.Find("form").Submit();

            cut.WaitForAssertion(() => Assert.Contains(message, cut.Markup));
            await using var db = await _harness.DbFactory.CreateDbContextAsync();
            Assert.Equal(0, await db.Tenants.CountAsync());
        }
        finally
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public async Task Onboarding_with_a_name_creates_the_company_and_reloads()
    {
        var alice = await _harness.AddUserAsync("alice@a.test");
        UseServicesOf(alice);
        var cut = Render(WithPopovers<Onboarding>());

        cut.Find("[data-testid=company-name]").Change("竹林茶社");
        cut.Find("form").Submit();

        // bUnit starts at home: wait for the reload itself.
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        cut.WaitForAssertion(() => Assert.Single(navigation.History));
        Assert.Equal("http://localhost/", navigation.Uri);
        Assert.True(navigation.History.Single().Options.ForceLoad);
        await using var db = await _harness.DbFactory.CreateDbContextAsync();
        Assert.Equal("竹林茶社", (await db.Tenants.SingleAsync()).CompanyName);
    }

    [Theory]
    [InlineData("en", "preferences/culture?culture=zh-CN", "中文")]
    [InlineData("zh-CN", "preferences/culture?culture=en", "EN")]
    public void The_language_switch_offers_the_other_language_and_comes_back_to_this_page(string culture, string href, string label)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            Services.GetRequiredService<NavigationManager>().NavigateTo("company/members");
            var cut = Render<PreferenceButtons>(ps => ps.AddCascadingValue(new UiPreferences(DarkMode: false)));

            var link = cut.Find("[data-testid=language-switch]");
            Assert.StartsWith(href, link.GetAttribute("href"));
            Assert.EndsWith("returnUrl=%2Fcompany%2Fmembers", link.GetAttribute("href"));
            Assert.Contains(label, link.TextContent);
            Assert.Contains("mode=dark", cut.Find("[data-testid=theme-switch]").GetAttribute("href"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
