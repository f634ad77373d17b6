using Microsoft.Extensions.Localization;
using MudBlazor;

namespace Portal.Localization;

/// <summary>Routes MudBlazor's built-in texts (grid pager, filters…) through the portal's translations.</summary>
public sealed class PortalMudLocalizer(IStringLocalizer<PortalMudLocalizer> localizer) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var translated = localizer[key];
            return translated.ResourceNotFound ? base[key] : translated;
        }
    }
}
