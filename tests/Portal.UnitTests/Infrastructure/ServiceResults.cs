namespace Portal.UnitTests.Infrastructure;

/// <summary>Assertions on what a service answered (imported statically in every test file).</summary>
public static class ServiceResults
{
    /// <summary>The service refused, and its error says <paramref name="words"/>.</summary>
    public static void AssertRefused(ServiceResult result, string words)
    {
        Assert.False(result.Succeeded);
        Assert.Contains(words, result.Error);
    }
}
