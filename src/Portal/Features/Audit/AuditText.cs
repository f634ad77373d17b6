namespace Portal.Features.Audit;

/// <summary>Turns an audit action name into words a person reads, and groups the actions for the audit pages' filter.</summary>
public static class AuditText
{
    /// <summary>The group of <c>api-token.*</c>, <c>api-provider.*</c> and <c>api-key.*</c>; every other group is the part before the dot.</summary>
    public const string ApiGroup = "api";

    /// <summary>Every action the portal records, by group, in the order the filter lists them.</summary>
    public static readonly IReadOnlyList<(string Group, IReadOnlyList<string> Actions)> Catalog =
    [
        ("tenant", ["tenant.created", "tenant.profile-updated", "tenant.disabled", "tenant.enabled"]),
        ("member", ["member.invited", "member.invitation-revoked", "member.joined", "member.role-changed", "member.removed", "member.left"]),
        ("printer", ["printer.connected", "printer.reauthorized", "printer.renamed", "printer.refreshed", "printer.refresh-failed",
            "printer.revoked", "printer.revoke-verified", "printer.setting-changed", "printer.reauthorization-requested",
            "printer.connect-refused", "printer.connect-attempted", "printer.moved", "printer.hold-settled"]),
        ("print", ["print.submitted", "print.failed", "print.cancelled", "print.cancelled-all", "print.reprinted"]),
        ("template", ["template.saved", "template.deleted"]),
        (ApiGroup, ["api-token.created", "api-token.revoked", "api-provider.allowed", "api-provider.revoked", "api-key.created", "api-key.revoked"]),
        ("callback", ["callback.replayed"]),
        ("webhook", ["webhook.created", "webhook.enabled", "webhook.disabled", "webhook.secret-rotated", "webhook.deleted", "webhook.redelivered"]),
    ];

    public static string Describe(IStringLocalizer L, string action) => action switch
    {
        "tenant.created" => L["Company created"],
        "tenant.profile-updated" => L["Company profile updated"],
        "tenant.disabled" => L["Company disabled"],
        "tenant.enabled" => L["Company enabled"],
        "member.invited" => L["Member invited"],
        "member.invitation-revoked" => L["Invitation withdrawn"],
        "member.joined" => L["Member joined"],
        "member.role-changed" => L["Role changed"],
        "member.removed" => L["Member removed"],
        "member.left" => L["Member left"],
        "printer.connected" => L["Printer connected"],
        "printer.reauthorized" => L["Printer re-authorized"],
        "printer.renamed" => L["Printer renamed"],
        "printer.refreshed" => L["Printer tokens refreshed"],
        "printer.refresh-failed" => L["Printer token refresh failed"],
        "printer.revoked" => L["Printer access revoked"],
        "printer.revoke-verified" => L["Printer revocation checked"],
        "printer.setting-changed" => L["Printer setting changed"],
        "printer.reauthorization-requested" => L["Re-authorization requested by email"],
        "printer.connect-refused" => L["Printer connection refused: another company holds it"],
        "printer.connect-attempted" => L["Another company tried to connect the printer"],
        "printer.moved" => L["Printer moved between companies"],
        "printer.hold-settled" => L["Printer held by one company again"],
        "print.submitted" => L["Receipt sent to print"],
        "print.failed" => L["Print failed"],
        "print.cancelled" => L["Print job cancelled"],
        "print.cancelled-all" => L["All unprinted jobs cancelled"],
        "print.reprinted" => L["Receipt reprinted"],
        "template.saved" => L["Receipt template saved"],
        "template.deleted" => L["Receipt template deleted"],
        "api-token.created" => L["API token created"],
        "api-token.revoked" => L["API token revoked"],
        "api-provider.allowed" => L["Provider allowed"],
        "api-provider.revoked" => L["Provider access revoked"],
        "api-key.created" => L["Print API key created"],
        "api-key.revoked" => L["Print API key revoked"],
        "callback.replayed" => L["Push replayed by an operator"],
        "webhook.created" => L["Webhook endpoint added"],
        "webhook.enabled" => L["Webhook endpoint enabled"],
        "webhook.disabled" => L["Webhook endpoint disabled"],
        "webhook.secret-rotated" => L["Webhook signing secret rotated"],
        "webhook.deleted" => L["Webhook endpoint deleted"],
        "webhook.redelivered" => L["Webhook delivery sent again"],
        _ => action,
    };

    public static string DescribeGroup(IStringLocalizer L, string group) => group switch
    {
        "tenant" => L["Company"],
        "member" => L["Members"],
        "printer" => L["Printers"],
        "print" => L["Printing"],
        "template" => L["Receipt templates"],
        ApiGroup => L["API access"],
        "callback" => L["Push callbacks"],
        "webhook" => L["Webhooks"],
        _ => group,
    };
}
