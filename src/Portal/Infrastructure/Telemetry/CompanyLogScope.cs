namespace Portal.Infrastructure.Telemetry;

/// <summary>
/// The logger scope that names the company a piece of work acts for: one <c>CompanyId</c> property (exported as a log
/// attribute), nothing about the person.
/// </summary>
public static class CompanyLogScope
{
    public const string Key = "CompanyId";

    public static IDisposable? BeginCompanyScope(this ILogger logger, Guid companyId) => logger.BeginScope(new Company(companyId));

    private sealed class Company(Guid companyId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new(Key, companyId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        // What the console formatter prints for the scope.
        public override string ToString() => $"{Key}:{companyId}";
    }
}
