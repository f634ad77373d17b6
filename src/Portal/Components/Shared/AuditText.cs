using Microsoft.Extensions.Localization;

namespace Portal.Components.Shared;

/// <summary>Turns an audit action name into words a person reads.</summary>
public static class AuditText
{
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
        "template.saved" => L["Receipt template saved"],
        "template.deleted" => L["Receipt template deleted"],
        _ => action,
    };
}
