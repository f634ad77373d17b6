using Portal.Features.Account;

namespace Portal.UnitTests.Features.Account;

public sealed class PasswordRulesTests(PortalAppFactory portal) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData("P@ssw0rd2024!")]
    [InlineData("Password1234!")]
    [InlineData("!!Qwerty123456")]
    [InlineData("Yilianyun2024!")]
    [InlineData("Admin@12345678")]
    [InlineData("1q2w3e4r5t6y")]
    public void Passwords_attackers_try_first_are_common(string password) => Assert.True(PasswordRules.IsCommon(password));

    [Theory]
    [InlineData("Every-page-Tour-42!")]
    [InlineData("Sup3r-secret!")]
    [InlineData("Corr3ct-horse!")]
    [InlineData("Brisk-Lantern-83!")]
    public void Other_passwords_are_not(string password) => Assert.False(PasswordRules.IsCommon(password));

    [Theory]
    [InlineData("Short-pw-1A", "PasswordTooShort")]
    [InlineData("P@ssw0rd2024!", "PasswordTooCommon")]
    [InlineData("Meet-Zhang.Wei-88", "PasswordContainsEmailName")]
    [InlineData("aaaaaaAAAA1!", "PasswordRequiresUniqueChars")]
    public async Task Identity_refuses_weak_passwords(string password, string code)
    {
        var result = await CreateAsync("zhang.wei+shop@weak.test", password);

        Assert.Contains(code, result.Errors.Select(e => e.Code));
    }

    [Fact]
    public async Task A_long_uncommon_password_is_accepted() =>
        Assert.True((await CreateAsync("li@weak.test", "Brisk-Lantern-83!")).Succeeded);

    private async Task<IdentityResult> CreateAsync(string email, string password)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return await users.CreateAsync(new PortalUser { UserName = $"{Guid.NewGuid():N}-{email}", Email = $"{email}" }, password);
    }
}
