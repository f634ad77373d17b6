using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Portal.UnitTests.Features.Account;

/// <summary>The profile page (<c>/Account/Manage</c>): a visit shows what is saved, a post saves what was sent.</summary>
public sealed class ProfilePageTests(PortalAppFactory portal) : IClassFixture<PortalAppFactory>
{
    private const string Password = "Quiet-Harbour-58!";

    [Fact]
    public async Task A_visit_shows_the_saved_details_and_a_post_saves_the_sent_ones_even_blank()
    {
        var email = await AddUserAsync(portal, "Ada Lovelace", "010 1234 5678");
        using var client = portal.CreateBrowserlessClient();
        await client.LogInAsync(email, Password);

        var page = await client.GetStringAsync("/Account/Manage");
        Assert.Contains("value=\"Ada Lovelace\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"010 1234 5678\"", page, StringComparison.Ordinal);

        using var saved = await client.PostFormAsync("/Account/Manage", "profile", new Dictionary<string, string>
        {
            ["Input.TrueName"] = "Ada King",
            ["Input.Sex"] = nameof(Sex.Female),
            ["Input.PhoneNumber"] = "",
            ["Input.AvatarUrl"] = "",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await using var scope = portal.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(email);
        Assert.Equal(("Ada King", Sex.Female, (string?)null), (user!.TrueName, user.Sex, user.PhoneNumber));
    }

    [Fact]
    public async Task The_page_opens_when_reading_the_user_does_not_finish_at_once()
    {
        // As on PostgreSQL: the lookup is a real round trip, so the page renders once before it has the user.
        using var slow = portal.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.AddScoped<IUserStore<PortalUser>, YieldingUserStore>()));
        var email = await AddUserAsync(slow, "Grace Hopper", phone: null);
        using var client = slow.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await client.LogInAsync(email, Password);

        using var page = await client.GetAsync("/Account/Manage");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("value=\"Grace Hopper\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<string> AddUserAsync(WebApplicationFactory<Program> host, string trueName, string? phone)
    {
        var email = $"profile-{Guid.NewGuid():N}@profile.test";
        await using var scope = host.Services.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().CreateAsync(
            new PortalUser { UserName = email, Email = email, EmailConfirmed = true, TrueName = trueName, PhoneNumber = phone }, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return email;
    }

    /// <summary>The portal's user store, whose lookups by id finish only after yielding, as any networked database's do.</summary>
    private sealed class YieldingUserStore(PortalDbContext context, IdentityErrorDescriber describer)
        : UserOnlyStore<PortalUser, PortalDbContext>(context, describer)
    {
        public override async Task<PortalUser?> FindByIdAsync(string userId, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return await base.FindByIdAsync(userId, cancellationToken);
        }
    }
}
