namespace Yilianyun.Sandbox.State;

/// <summary>
/// The short-lived key a printer shows in its QR code: derived from msign and the current time window,
/// so it rotates every lifetime without being stored. A key stays valid for one lifetime after it was shown,
/// so the current and the previous window are accepted.
/// </summary>
public static class QrKeys
{
    public static string Current(VirtualPrinter printer, DateTimeOffset now, TimeSpan lifetime) =>
        ForWindow(printer, Window(now, lifetime));

    /// <summary>When the key shown now is replaced by the next one.</summary>
    public static DateTimeOffset RotatesAt(DateTimeOffset now, TimeSpan lifetime) =>
        DateTimeOffset.FromUnixTimeSeconds((Window(now, lifetime) + 1) * (long)lifetime.TotalSeconds);

    public static bool IsValid(VirtualPrinter printer, string key, DateTimeOffset now, TimeSpan lifetime)
    {
        var window = Window(now, lifetime);
        return string.Equals(key, ForWindow(printer, window), StringComparison.OrdinalIgnoreCase)
            || string.Equals(key, ForWindow(printer, window - 1), StringComparison.OrdinalIgnoreCase);
    }

    private static long Window(DateTimeOffset now, TimeSpan lifetime) =>
        now.ToUnixTimeSeconds() / Math.Max(1, (long)lifetime.TotalSeconds);

    private static string ForWindow(VirtualPrinter printer, long window)
    {
        var hash = HMACSHA256.HashData(
            Encoding.UTF8.GetBytes(printer.Msign),
            Encoding.UTF8.GetBytes(printer.MachineCode + ":" + window.ToString(CultureInfo.InvariantCulture)));
        return Convert.ToHexStringLower(hash, 0, 8);
    }
}
