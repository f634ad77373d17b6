namespace Portal.Features.Account;

/// <summary>
/// Identity's error messages in the current UI language. The English keys are Identity's own wording, so a message
/// passed through a localizer a second time still finds its translation.
/// </summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<LocalizedIdentityErrorDescriber> L) : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Localize(base.DefaultError(), "An unknown failure has occurred.");

    public override IdentityError ConcurrencyFailure() =>
        Localize(base.ConcurrencyFailure(), "Optimistic concurrency failure, object has been modified.");

    public override IdentityError PasswordMismatch() => Localize(base.PasswordMismatch(), "Incorrect password.");

    public override IdentityError InvalidToken() => Localize(base.InvalidToken(), "Invalid token.");

    public override IdentityError RecoveryCodeRedemptionFailed() =>
        Localize(base.RecoveryCodeRedemptionFailed(), "Recovery code redemption failed.");

    public override IdentityError LoginAlreadyAssociated() =>
        Localize(base.LoginAlreadyAssociated(), "A user with this login already exists.");

    public override IdentityError InvalidUserName(string? userName) =>
        Localize(base.InvalidUserName(userName), "Username '{0}' is invalid, can only contain letters or digits.", userName);

    public override IdentityError InvalidEmail(string? email) =>
        Localize(base.InvalidEmail(email), "Email '{0}' is invalid.", email);

    public override IdentityError DuplicateUserName(string userName) =>
        Localize(base.DuplicateUserName(userName), "Username '{0}' is already taken.", userName);

    public override IdentityError DuplicateEmail(string email) =>
        Localize(base.DuplicateEmail(email), "Email '{0}' is already taken.", email);

    public override IdentityError InvalidRoleName(string? role) =>
        Localize(base.InvalidRoleName(role), "Role name '{0}' is invalid.", role);

    public override IdentityError DuplicateRoleName(string role) =>
        Localize(base.DuplicateRoleName(role), "Role name '{0}' is already taken.", role);

    public override IdentityError UserAlreadyHasPassword() =>
        Localize(base.UserAlreadyHasPassword(), "User already has a password set.");

    public override IdentityError UserLockoutNotEnabled() =>
        Localize(base.UserLockoutNotEnabled(), "Lockout is not enabled for this user.");

    public override IdentityError UserAlreadyInRole(string role) =>
        Localize(base.UserAlreadyInRole(role), "User already in role '{0}'.", role);

    public override IdentityError UserNotInRole(string role) =>
        Localize(base.UserNotInRole(role), "User is not in role '{0}'.", role);

    public override IdentityError PasswordTooShort(int length) =>
        Localize(base.PasswordTooShort(length), "Passwords must be at least {0} characters.", length);

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Localize(base.PasswordRequiresUniqueChars(uniqueChars), "Passwords must use at least {0} different characters.", uniqueChars);

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Localize(base.PasswordRequiresNonAlphanumeric(), "Passwords must have at least one non alphanumeric character.");

    public override IdentityError PasswordRequiresDigit() =>
        Localize(base.PasswordRequiresDigit(), "Passwords must have at least one digit ('0'-'9').");

    public override IdentityError PasswordRequiresLower() =>
        Localize(base.PasswordRequiresLower(), "Passwords must have at least one lowercase ('a'-'z').");

    public override IdentityError PasswordRequiresUpper() =>
        Localize(base.PasswordRequiresUpper(), "Passwords must have at least one uppercase ('A'-'Z').");

    /// <summary>Keeps Identity's error code (callers may branch on it) and replaces only the description.</summary>
    private IdentityError Localize(IdentityError error, string english, params object?[] arguments) => new()
    {
        Code = error.Code,
        Description = arguments.Length == 0 ? L[english] : L[english, arguments.Select(a => a ?? "").ToArray()],
    };
}
