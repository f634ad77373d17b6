namespace Portal.UnitTests.Infrastructure.Telemetry;

/// <summary>
/// Test classes that build OpenTelemetry providers. Their listeners are process-wide (every host's spans, every
/// service provider's "Portal" meter, whose token gauge then counts in that test's database), so they run alone,
/// after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideTelemetry
{
    public const string Name = "Process-wide OpenTelemetry listeners";
}
