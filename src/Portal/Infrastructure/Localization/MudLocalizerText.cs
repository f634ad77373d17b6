using System.Resources;

namespace Portal.Infrastructure.Localization;

/// <summary>
/// MudBlazor's built-in texts for markup the portal writes out itself (the printer list's pager): the portal's Chinese
/// where it has one, else MudBlazor's own English. <see cref="PortalMudLocalizer"/> answers "not found" for English,
/// which MudBlazor's components take as the sign to use their own text; markup outside them has to look it up here.
/// </summary>
public static class MudLocalizerText
{
    private static readonly ResourceManager MudBlazorTexts = new("MudBlazor.Resources.LanguageResource", typeof(MudLocalizer).Assembly);

    public static string Text(this MudLocalizer localizer, string key)
    {
        var text = localizer[key];
        return text.ResourceNotFound ? MudBlazorTexts.GetString(key, System.Globalization.CultureInfo.InvariantCulture) ?? key : text.Value;
    }
}
