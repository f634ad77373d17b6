namespace Portal.Features.Account;

/// <summary>
/// What a password must be beyond Identity's character rules: long, not one of the passwords attackers try first
/// (leet spelling and digits or symbols around them included), and not built from the person's own email name.
/// </summary>
public sealed class PasswordRules(IStringLocalizer<PasswordRules> L) : IPasswordValidator<PortalUser>
{
    /// <summary>Shared by Identity's options and the forms' length check.</summary>
    public const int MinimumLength = 12;

    public const int MinimumUniqueChars = 5;

    /// <summary>Email names shorter than this ("li@…") are too short to tell apart from ordinary text.</summary>
    private const int ShortestEmailName = 3;

    private static readonly FrozenDictionary<char, char> Leet = new Dictionary<char, char>
    {
        ['@'] = 'a', ['4'] = 'a', ['0'] = 'o', ['1'] = 'i', ['!'] = 'i', ['3'] = 'e', ['$'] = 's', ['5'] = 's', ['7'] = 't',
    }.ToFrozenDictionary();

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        var errors = new List<IdentityError>();
        if (IsCommon(password))
        {
            errors.Add(new() { Code = "PasswordTooCommon", Description = L["This password is too common: choose one others would not guess."] });
        }

        if (EmailName(user.Email ?? user.UserName) is { Length: >= ShortestEmailName } name && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new() { Code = "PasswordContainsEmailName", Description = L["The password must not contain the name part of your email address."] });
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    /// <summary>"P@ssw0rd2024!" is "password" with digits and symbols around it: the words at its core are what is compared.</summary>
    internal static bool IsCommon(string password)
    {
        var lower = password.ToLowerInvariant();
        var core = lower.Trim(NotALetter(lower));
        return CommonPasswords.List.Contains(lower) || CommonPasswords.List.Contains(core) || CommonPasswords.List.Contains(Unleet(core));
    }

    private static string Unleet(string text) => string.Concat(text.Select(c => Leet.GetValueOrDefault(c, c)));

    private static char[] NotALetter(string text) => text.Where(c => !char.IsLetter(c)).Distinct().ToArray();

    private static string? EmailName(string? email) => email?.Split('@')[0].Split('+')[0];
}
