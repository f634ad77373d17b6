namespace Portal.Features.OpenApi;

/// <summary>The document's freshness proof: <c>p_ = (t_ % 10000) * 3 + 2345</c>, with <c>t_</c> in milliseconds.</summary>
public static class OpenApiTimestamp
{
    public static long ExpectedP(long t) => (t % 10000) * 3 + 2345;
}
