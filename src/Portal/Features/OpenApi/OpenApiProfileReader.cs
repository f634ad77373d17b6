namespace Portal.Features.OpenApi;

/// <summary>
/// The masked <c>data</c> of getUserInfo (the token's user) and getCompanyInfo (the token's company). The masking is
/// done once, when <see cref="OpenApiStore"/> reads the grant (<see cref="UserData"/>, <see cref="CompanyData"/>); a call
/// only adds the clock.
/// </summary>
public sealed class OpenApiProfileReader(TimeProvider timeProvider)
{
    // The document's platform is in China; "created" is shown in China Standard Time (UTC+8, no daylight saving).
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>The fields, or null when the grant holds no such user or company (deleted).</summary>
    public IReadOnlyList<OpenApiField>? Read(OpenApiOperation operation, OpenApiGrant grant) =>
        (operation == OpenApiOperation.GetUserInfo ? grant.UserData : grant.CompanyData) is { } data
            ? [.. data, OpenApiField.Of("nowtime", timeProvider.GetUtcNow().ToUnixTimeSeconds())]
            : null;

    /// <summary>getUserInfo's fields but <c>nowtime</c>.</summary>
    internal static OpenApiField[] UserData(UserProfile user, TenantRole? role) =>
    [
        OpenApiField.Of("username", OpenApiMasking.Username(user.UserName)),
        OpenApiField.Of("truename", OpenApiMasking.PersonName(user.TrueName)),
        OpenApiField.Of("sex", ((int)user.Sex).ToString(CultureInfo.InvariantCulture)),
        OpenApiField.Of("phone", OpenApiMasking.UserPhone(user.Phone)),
        OpenApiField.Of("is_admin", role >= TenantRole.Admin ? "1" : "0"),
        OpenApiField.Of("status", string.IsNullOrWhiteSpace(user.Status) ? null : user.Status),
        OpenApiField.Of("avatar", user.AvatarUrl ?? string.Empty),
        // Both answers end with when the row was created and the portal's clock, as the document's examples do.
        OpenApiField.Of("created", FormatCreated(user.CreatedAt)),
    ];

    /// <summary>getCompanyInfo's fields but <c>nowtime</c>.</summary>
    internal static OpenApiField[] CompanyData(Tenant company) =>
    [
        OpenApiField.Of("company_name", OpenApiMasking.CompanyName(company.CompanyName)),
        OpenApiField.Of("company_type", ((int)company.CompanyType).ToString(CultureInfo.InvariantCulture)),
        OpenApiField.Of("tax_number", OpenApiMasking.TaxNumber(company.TaxNumber)),
        OpenApiField.Of("province", company.Province ?? string.Empty),
        OpenApiField.Of("city", company.City ?? string.Empty),
        OpenApiField.Of("zone", company.Zone ?? string.Empty),
        OpenApiField.Of("address", OpenApiMasking.Address(company.Address)),
        OpenApiField.Of("disable", company.IsDisabled ? "1" : "0"),
        OpenApiField.Of("tel_phone", OpenApiMasking.CompanyPhone(company.TelPhone)),
        OpenApiField.Of("legal_person_phone", OpenApiMasking.CompanyPhone(company.LegalPersonPhone)),
        OpenApiField.Of("legal_person_name", OpenApiMasking.PersonName(company.LegalPersonName)),
        OpenApiField.Of("created", FormatCreated(company.CreatedAt)),
    ];

    internal static string FormatCreated(DateTimeOffset at) =>
        at.ToOffset(ChinaOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
