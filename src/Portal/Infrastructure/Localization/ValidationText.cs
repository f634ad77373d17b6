namespace Portal.Infrastructure.Localization;

/// <summary>
/// Validation messages for DataAnnotations (<c>ErrorMessageResourceType = typeof(ValidationText)</c>), read in the
/// current UI language each time a field is validated. Labels already name the field, so messages don't repeat it.
/// </summary>
public static class ValidationText
{
    public static string Required => PortalStringLocalizer.Shared["This field is required."];

    public static string MaxLength => PortalStringLocalizer.Shared["At most {1} characters."];

    public static string LengthRange => PortalStringLocalizer.Shared["Between {2} and {1} characters."];

    public static string Email => PortalStringLocalizer.Shared["Enter a valid email address."];

    public static string Phone => PortalStringLocalizer.Shared["Enter a valid phone number."];

    public static string Url => PortalStringLocalizer.Shared["Enter a full http:// or https:// address."];

    public static string PasswordsDiffer => PortalStringLocalizer.Shared["The two passwords do not match."];

    public static string TaxNumber => PortalStringLocalizer.Shared["Use 15 to 20 letters and digits."];
}
