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
