namespace Portal.Features.PrintApi;

/// <summary>A scope an endpoint needs, as endpoint metadata and the name of the authorization policy that checks it.</summary>
public sealed record PrintApiScope(string Name, PrintApiScopes Flag)
{
    public static readonly PrintApiScope PrintersRead = new("printers:read", PrintApiScopes.PrintersRead);
    public static readonly PrintApiScope JobsRead = new("jobs:read", PrintApiScopes.JobsRead);
    public static readonly PrintApiScope JobsWrite = new("jobs:write", PrintApiScopes.JobsWrite);

    public static IReadOnlyList<PrintApiScope> All { get; } = [PrintersRead, JobsRead, JobsWrite];

    public string Policy => "print-api:" + Name;

    public static IEnumerable<string> Names(PrintApiScopes scopes) => All.Where(s => scopes.HasFlag(s.Flag)).Select(s => s.Name);
}
