using Microsoft.AspNetCore.Authorization;
using Portal.Features.Audit;
using Portal.Features.Callbacks;

namespace Portal.UnitTests.Features.Audit;

/// <summary>The audit and callback pages and downloads are closed to visitors, and the operator ones to non-operators.</summary>
public sealed class AuditEndpointTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    [Theory]
    [InlineData("/audit")]
    [InlineData("/audit/export.csv")]
    [InlineData("/operator/audit")]
    [InlineData("/operator/audit/export.csv?from=not-a-date&company=nope")]
    [InlineData("/operator/callbacks")]
    public Task A_visitor_is_sent_to_log_in(string url) => factory.AssertSendsVisitorsToLogInAsync(url);

    [Theory]
    [InlineData(typeof(CallbackInbox))]
    [InlineData(typeof(OperatorAudit))]
    public void Operator_pages_demand_the_operator_policy(Type page)
    {
        var authorize = page.GetCustomAttribute<AuthorizeAttribute>();

        Assert.Equal(PortalPolicies.Operator, authorize?.Policy);
    }
}
