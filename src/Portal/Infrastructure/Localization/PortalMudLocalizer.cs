namespace Portal.Infrastructure.Localization;

/// <summary>
/// Gives MudBlazor's built-in texts (grid pager, filters…) the portal's Chinese where it has one; otherwise MudBlazor
/// keeps its own English. Its keys are identifiers such as <c>MudDataGridPager_InfoFormat</c>, not English sentences.
/// </summary>
public sealed class PortalMudLocalizer(IStringLocalizer<PortalMudLocalizer> localizer) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            if (SupportedCultures.IsChinese)
            {
                var translated = localizer[key];
                if (!translated.ResourceNotFound)
                {
                    return translated;
                }
            }

            return base[key];
        }
    }
}
