namespace Portal.Features.Webhooks;

/// <summary>The events a company's endpoints can subscribe to, and the test event the page sends on request.</summary>
public static class WebhookEventTypes
{
    public const string JobPrinted = "job.printed";

    public const string JobFailed = "job.failed";

    public const string PrinterOffline = "printer.offline";

    public const string PrinterReauthorizationRequired = "printer.reauthorization_required";

    /// <summary>Sent only by "Send test event", to the one endpoint chosen, whatever it subscribed to.</summary>
    public const string Test = "webhook.test";

    public static readonly IReadOnlyList<string> Subscribable = [JobPrinted, JobFailed, PrinterOffline, PrinterReauthorizationRequired];

    public static IReadOnlyList<string> Parse(string stored) => stored.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
