namespace Portal.Features.Account;

/// <summary>The personal profile fields the open API's user info exposes.</summary>
public sealed class ProfileInput
{
    [StringLength(50, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    public string? TrueName { get; set; }

    public Sex Sex { get; set; } = Sex.Unspecified;

    [RegularExpression(@"^[0-9+\-() ]{5,32}$", ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Phone))]
    public string? PhoneNumber { get; set; }

    [StringLength(512, ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.MaxLength))]
    [RegularExpression(@"^https?://\S+$", ErrorMessageResourceType = typeof(ValidationText), ErrorMessageResourceName = nameof(ValidationText.Url))]
    public string? AvatarUrl { get; set; }
}

public sealed class ProfileService(CallerGate gate, IDbContextFactory<PortalDbContext> dbFactory, IStringLocalizer<ProfileService> L)
{
    public async Task<ServiceResult<ProfileInput>> GetAsync(CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult<ProfileInput>.Fail(L["Please sign in first."]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.Users.AsNoTracking().Where(u => u.Id == caller.UserId)
            .Select(u => new ProfileInput { TrueName = u.TrueName, Sex = u.Sex, PhoneNumber = u.PhoneNumber, AvatarUrl = u.AvatarUrl })
            .SingleAsync(cancellationToken);
        return ServiceResult<ProfileInput>.Ok(profile);
    }

    public async Task<ServiceResult> UpdateAsync(ProfileInput input, CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult.Fail(L["Please sign in first."]);
        }

        if (InputValidation.ErrorsOf(input) is { } invalid)
        {
            return ServiceResult.Fail(invalid);
        }

        if (!Enum.IsDefined(input.Sex))
        {
            return ServiceResult.Fail(L["Choose one of the listed options."]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == caller.UserId).ExecuteUpdateAsync(u => u
            .SetProperty(x => x.TrueName, Blank(input.TrueName))
            .SetProperty(x => x.Sex, input.Sex)
            .SetProperty(x => x.PhoneNumber, Blank(input.PhoneNumber))
            .SetProperty(x => x.AvatarUrl, Blank(input.AvatarUrl)), cancellationToken);
        return ServiceResult.Ok();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
