namespace Portal.Features.Printers;

/// <summary>The platform's errors in the reader's language, with the platform's code so support can look it up.</summary>
public static class PrinterMessages
{
    public static string NotFound(IStringLocalizer L) => L["That printer was not found."];

    public static string AppNotFound(IStringLocalizer L) => L["That app was not found."];

    public static string AdminsOnly(IStringLocalizer L) => L["Only the company's Owners and Admins can manage printers."];

    public static string Describe(YilianyunException exception)
    {
        var error = exception.Error;
        if (error.Kind != YilianyunErrorKind.Platform)
        {
            return PortalStringLocalizer.Shared["The printer platform did not answer. Try again in a moment."];
        }

        var chinese = CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase);
        return $"{(chinese ? error.MessageZh : error.MessageEn)} ({error.Code})";
    }

    /// <summary>For the token timeline: always the platform's code and English reason (the Chinese one is one click away).</summary>
    public static string ForEvent(YilianyunException exception) => exception.Error.Kind == YilianyunErrorKind.Platform
        ? $"{exception.Error.Code}: {exception.Error.MessageEn}"
        : "no answer from the platform";
}
