namespace Portal.Features.Printing;

/// <summary>The sentences submitting, history and cancelling share about jobs and the printers they go to.</summary>
internal static class PrintJobTexts
{
    /// <summary>Why a printer cannot take a job, or null when it can.</summary>
    public static string? Unprintable(IStringLocalizer L, PrinterTokenState state, string name) => state switch
    {
        PrinterTokenState.Revoked => L["{0} was revoked and can no longer print. Connect it again first.", name].Value,
        PrinterTokenState.NeedsReauthorization => L["{0} must be re-authorized before it can print (the platform no longer accepts its tokens).", name].Value,
        _ => null,
    };

    public static string StateName(IStringLocalizer L, PrintJobState state) => state switch
    {
        PrintJobState.Queued => L["Queued"],
        PrintJobState.Sent => L["Sent"],
        PrintJobState.Printed => L["Printed"],
        PrintJobState.Failed => L["Failed"],
        _ => L["Cancelled"],
    };

    /// <summary>A job left queued: <paramref name="failure"/> says what happened (no answer in time, an HTTP error, no connection).</summary>
    public static string AnswerLost(IStringLocalizer L, string name, string? failure) =>
        L["{0}: {1}. The job stays queued and is sent again automatically with the same order number, so it cannot print twice.", name, failure ?? ""];

    public static string PrinterNotFound(IStringLocalizer L) => L["That printer was not found."];

    public static string JobNotFound(IStringLocalizer L) => L["That print job was not found."];
}
