namespace Portal.UnitTests.Infrastructure;

/// <summary>Keeps every report, in order, as it is made (unlike <see cref="Progress{T}"/>, which posts them later).</summary>
public sealed class RecordedProgress : IProgress<WorkProgress>
{
    private readonly List<WorkProgress> _reports = [];

    public IReadOnlyList<WorkProgress> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(WorkProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }
    }
}
