using Microsoft.Extensions.Localization;
using Portal.Localization;

namespace Portal.Components.Pages.Printers;

/// <summary>"29 d 23 h" style remaining time for token expiries.</summary>
public static class Countdown
{
    public static string Format(DateTimeOffset? until, DateTimeOffset now)
    {
        IStringLocalizer L = PortalStringLocalizer.Shared;
        if (until is not { } at)
        {
            return L["never expires"];
        }

        var left = at - now;
        if (left <= TimeSpan.Zero)
        {
            return L["expired"];
        }

        return left.TotalDays >= 1 ? L["{0} d {1} h", (int)left.TotalDays, left.Hours]
            : left.TotalHours >= 1 ? L["{0} h {1} min", (int)left.TotalHours, left.Minutes]
            : L["{0} min", Math.Max(1, (int)left.TotalMinutes)];
    }
}
