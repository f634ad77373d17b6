namespace Portal.Features.Printers;

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

    /// <summary>
    /// How long until <see cref="Format"/> gives another text: the next whole hour of the remaining time while a day or
    /// more is left (only hours are shown), else the next whole minute. Null when the text never changes again.
    /// </summary>
    public static TimeSpan? UntilNextChange(DateTimeOffset? until, DateTimeOffset now)
    {
        if (until is not { } at || at <= now)
        {
            return null;
        }

        var left = at - now;
        var unit = left.TotalDays >= 1 ? TimeSpan.FromHours(1) : TimeSpan.FromMinutes(1);
        // Just past the boundary, so the text has changed when the timer fires.
        return TimeSpan.FromTicks(left.Ticks % unit.Ticks) + TimeSpan.FromMilliseconds(1);
    }
}
