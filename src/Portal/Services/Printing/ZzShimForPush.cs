// TEMPORARY (branch push only): the contract of the jobs branch, deleted when main brings the real types.
namespace Portal.Services.Printing;

public sealed record JobTrackResult(bool Found, bool Changed, Guid? TenantId, Guid? PrinterId, Guid? JobId, string? Detail);

public sealed record PrintingChange(Guid TenantId, Guid? JobId, Guid? PrinterId, string Kind)
{
    public const string JobKind = "job";

    public const string PrinterKind = "printer";
}

public sealed class PrintingChanges
{
    public List<PrintingChange> Published { get; } = [];

    public void Publish(PrintingChange change) => Published.Add(change);
}

public sealed class PrintJobTracker
{
    public Task<JobTrackResult> ApplyFinishAsync(Guid appId, long orderId, string originId, bool printed, string source, CancellationToken ct) =>
        Task.FromResult(new JobTrackResult(false, false, null, null, null, null));

    public Task<JobTrackResult> ApplyOrderDecisionAsync(Guid appId, long orderId, bool accepted, CancellationToken ct) =>
        Task.FromResult(new JobTrackResult(false, false, null, null, null, null));
}
