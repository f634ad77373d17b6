namespace Portal.Infrastructure.Time;

/// <summary>
/// The zone the portal shows times in. Merchants and the platform keep China Standard Time, while the server may run
/// in UTC; left alone, a receipt printed at 20:00 in Shanghai would read 12:00. <c>Portal:TimeZone</c> (default
/// <c>Asia/Shanghai</c>; <c>Local</c> keeps the server's zone) becomes the process's local zone at start, which is
/// what every <c>ToLocalTime()</c> on the pages and <c>TimeProvider.System.LocalTimeZone</c> read.
/// </summary>
public static class PortalTimeZone
{
    public const string Setting = "Portal:TimeZone";

    public const string Default = "Asia/Shanghai";

    /// <summary>The configured zone, or null for the server's own. An unknown id stops start-up with the setting's name.</summary>
    public static TimeZoneInfo? Resolve(IConfiguration configuration)
    {
        var id = configuration[Setting] is { Length: > 0 } configured ? configured.Trim() : Default;
        if (string.Equals(id, "Local", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"{Setting} is \"{id}\", which is not a time zone this machine knows (use an IANA id such as {Default}, or Local).", e);
        }
    }

    /// <summary>Makes the configured zone the process's local zone (.NET on Linux reads it from TZ).</summary>
    public static void Apply(IConfiguration configuration)
    {
        if (Resolve(configuration) is { } zone && zone.Id != TimeZoneInfo.Local.Id)
        {
            Environment.SetEnvironmentVariable("TZ", zone.Id);
            TimeZoneInfo.ClearCachedData();
        }
    }
}
