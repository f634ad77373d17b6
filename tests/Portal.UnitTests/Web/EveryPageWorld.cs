using Portal.Features.Companies;
using Portal.Features.Printing;

namespace Portal.UnitTests.Web;

/// <summary>
/// A portal with one of everything a page can show: a company with an owner and a member, a printer connected through
/// the sandbox's consent page, a print job, a receipt template and a pending invitation, and an operator.
/// </summary>
public sealed partial class EveryPageWorld : IAsyncLifetime
{
    public const string Password = "Every-page-Tour-42!";

    private readonly PortalAppFactory _factory = new();

    public WebApplicationFactory<Program> Portal { get; private set; } = null!;

    public Guid TenantId { get; private set; }

    public Guid PrinterId { get; private set; }

    public Guid JobId { get; private set; }

    public Guid TemplateId { get; private set; }

    public string InvitationToken { get; private set; } = "";

    public string OwnerEmail => "owner@every-page.test";

    public string MemberEmail => "member@every-page.test";

    public string OperatorEmail => "operator@every-page.test";

    [GeneratedRegex("token=([^\"&<]+)")]
    private static partial Regex InvitationTokenInLink();

    public async Task InitializeAsync()
    {
        Portal = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            // The portal's client and the sandbox live in the same test server.
            services.AddHttpClient(YilianyunServiceCollectionExtensions.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Portal.Server.CreateHandler());
        }));
        Portal.CreateClient().Dispose();

        var ownerId = await AddUserAsync(OwnerEmail, isOperator: false);
        var memberId = await AddUserAsync(MemberEmail, isOperator: false);
        await AddUserAsync(OperatorEmail, isOperator: true);

        TenantId = await Portal.AsUserAsync(ownerId, async services =>
            (await services.GetRequiredService<TenantService>().CreateAsync(new TenantProfileInput { CompanyName = "Every Page Noodles" })).Value);
        await AddMemberAsync(memberId);

        var machineCode = Portal.Services.GetRequiredService<SandboxAdmin>().CreatePrinter(new SandboxPrinterOptions(), "Every page")!.MachineCode;
        PrinterId = await Portal.ConnectBySandboxConsentAsync(ownerId, machineCode, "Every page");
        JobId = await Portal.AsUserAsync(ownerId, async services =>
        {
            var submitted = await services.GetRequiredService<PrintJobSubmitter>().SubmitAsync(new PrintRequest([PrinterId], PrintJobKind.Text, "<center>Every page</center>"));
            Assert.True(submitted.Succeeded, submitted.Error);
            return submitted.Value!.Items[0].JobId!.Value;
        });
        TemplateId = await Portal.AsUserAsync(ownerId, async services =>
        {
            var saved = await services.GetRequiredService<ReceiptTemplateService>().SaveAsync(new ReceiptTemplateInput { Name = "Daily", Content = "<center>Daily</center>" });
            Assert.True(saved.Succeeded, saved.Error);
            return saved.Value;
        });
        InvitationToken = await InviteAsync(ownerId);
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private async Task<string> AddUserAsync(string email, bool isOperator)
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, IsOperator = isOperator, CreatedAt = DateTimeOffset.UtcNow };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return user.Id;
    }

    private async Task AddMemberAsync(string userId)
    {
        await using (var db = await Portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateForTenantAsync(TenantId))
        {
            db.Memberships.Add(new Membership { UserId = userId, Role = TenantRole.Member, JoinedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        await using var scope = Portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var member = await users.FindByIdAsync(userId);
        member!.CurrentTenantId = TenantId;
        await users.UpdateAsync(member);
    }

    private async Task<string> InviteAsync(string ownerId)
    {
        const string invitee = "invitee@every-page.test";
        await Portal.AsUserAsync(ownerId, async services =>
        {
            var invited = await services.GetRequiredService<InvitationService>().InviteAsync(invitee, TenantRole.Member, "http://localhost/invitations/accept");
            Assert.True(invited.Succeeded, invited.Error);
            return true;
        });
        var mail = (await Portal.Services.GetRequiredService<Outbox>().ListAsync(50)).First(m => m.To.Contains(invitee, StringComparison.Ordinal));
        return HttpUtility.HtmlDecode(InvitationTokenInLink().Match(mail.HtmlBody).Groups[1].Value);
    }
}
