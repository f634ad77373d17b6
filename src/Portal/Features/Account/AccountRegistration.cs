namespace Portal.Features.Account;

public enum RegistrationStatus
{
    /// <summary>The password breaks a rule; <see cref="Registration.Errors"/> says which.</summary>
    Refused,

    Created,

    /// <summary>The address already has an account: its owner gets a note, the visitor sees what a new account would.</summary>
    AlreadyRegistered,
}

public sealed record Registration(RegistrationStatus Status, PortalUser? User, IReadOnlyList<IdentityError> Errors);

/// <summary>
/// Creates accounts. The first account with a password on a fresh database becomes the platform operator: it takes
/// <see cref="PortalUser.FirstOperatorSeat"/>, which the database lets only one row hold, so when registrations
/// race, one wins the seat and the others become ordinary accounts.
/// </summary>
public sealed class AccountRegistration(
    UserManager<PortalUser> users,
    IDbContextFactory<PortalDbContext> dbFactory,
    TimeProvider timeProvider,
    ILogger<AccountRegistration> logger)
{
    public async Task<Registration> RegisterAsync(string email, string password)
    {
        var passwordErrors = await PasswordErrorsAsync(NewUser(email, seat: false), password);
        if (passwordErrors.Count > 0)
        {
            return new(RegistrationStatus.Refused, null, passwordErrors);
        }

        if (await users.FindByEmailAsync(email) is { } existing)
        {
            // The hashing a new account costs, so the answer takes as long either way.
            users.PasswordHasher.HashPassword(existing, password);
            return new(RegistrationStatus.AlreadyRegistered, existing, []);
        }

        if (await IsFirstAccountAsync())
        {
            try
            {
                return await CreateAsync(email, password, seat: true);
            }
            catch (DbUpdateException lost)
            {
                // Another registration took the seat (or this address) first: try again as an ordinary account.
                Forget(lost);
            }
        }

        try
        {
            return await CreateAsync(email, password, seat: false);
        }
        catch (DbUpdateException lost)
        {
            // The same address registered at the same moment: the same answer as for any existing account.
            Forget(lost);
            if (await users.FindByEmailAsync(email) is not { } winner)
            {
                throw;
            }

            return new(RegistrationStatus.AlreadyRegistered, winner, []);
        }
    }

    /// <summary>Accounts the development seed creates (the open API's demo user) have no password and do not count.</summary>
    private async Task<bool> IsFirstAccountAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        return !await db.Users.AnyAsync(u => u.PasswordHash != null);
    }

    private async Task<Registration> CreateAsync(string email, string password, bool seat)
    {
        var user = NewUser(email, seat);
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            logger.LogInformation("User created a new account with password (operator: {IsOperator}).", seat);
            return new(RegistrationStatus.Created, user, []);
        }

        // Identity's own uniqueness check, when another registration of the address got there between the two looks.
        return await users.FindByEmailAsync(email) is { } existing
            ? new(RegistrationStatus.AlreadyRegistered, existing, [])
            : new(RegistrationStatus.Refused, null, result.Errors.ToList());
    }

    private PortalUser NewUser(string email, bool seat) => new()
    {
        UserName = email,
        Email = email,
        IsOperator = seat,
        FirstOperatorSeat = seat ? true : null,
        CreatedAt = timeProvider.GetUtcNow(),
    };

    private async Task<List<IdentityError>> PasswordErrorsAsync(PortalUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }

        return errors;
    }

    /// <summary>Identity's store keeps the rejected row in its context; left there, the next save would insert it again.</summary>
    private static void Forget(DbUpdateException failed)
    {
        foreach (var entry in failed.Entries)
        {
            entry.State = EntityState.Detached;
        }
    }
}
