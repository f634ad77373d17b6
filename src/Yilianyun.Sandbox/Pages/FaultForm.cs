namespace Yilianyun.Sandbox.Pages;

/// <summary>
/// Reads the admin page's "add a fault" form into a <see cref="SandboxFault"/>. Blank fields keep the rule's
/// defaults; the ranges are checked by <see cref="SandboxFault.Problem"/>, as for rules from settings.
/// </summary>
internal static class FaultForm
{
    public static SandboxFault? Read(IFormCollection form, out string? problem)
    {
        var notNumbers = new List<string>();

        double? Number(string field, string label, NumberStyles styles)
        {
            var text = form[field].ToString().Trim();
            if (text.Length == 0)
            {
                return null;
            }

            if (double.TryParse(text, styles, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            notNumbers.Add(label);
            return null;
        }

        const NumberStyles Whole = NumberStyles.AllowLeadingSign;
        var latency = Number("latency_ms", "Latency (ms)", Whole);
        var ratePercent = Number("error_rate", "ServerErrorRate (%)", Whole | NumberStyles.AllowDecimalPoint);
        var status = Number("error_status", "ServerErrorStatus", Whole);
        var errorCode = Number("error_code", "ForceError", Whole);
        var times = Number("times", "Times", Whole);
        if (notNumbers.Count > 0)
        {
            problem = "须为数字 · must be a number: " + string.Join(", ", notNumbers) + ".";
            return null;
        }

        var fault = new SandboxFault
        {
            Path = Text(form, "path"),
            ClientId = Text(form, "client_id"),
            Latency = TimeSpan.FromMilliseconds(ToInt(latency ?? 0)),
            ServerErrorRate = (ratePercent ?? 0) / 100,
            ServerErrorStatus = status is { } code ? ToInt(code) : new SandboxFault().ServerErrorStatus,
            DropRequest = form["drop_request"] == "true",
            DropResponse = form["drop_response"] == "true",
            ForceError = errorCode is { } error ? ToInt(error) : null,
            Times = times is { } count ? ToInt(count) : null,
        };
        problem = fault.Problem();
        return problem is null ? fault : null;
    }

    private static string? Text(IFormCollection form, string field) =>
        form[field].ToString().Trim() is { Length: > 0 } text ? text : null;

    /// <summary>Clamped, so a huge number reaches the rule's range checks instead of overflowing.</summary>
    private static int ToInt(double value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);
}
