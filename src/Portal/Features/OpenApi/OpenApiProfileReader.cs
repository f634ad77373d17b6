namespace Portal.Features.OpenApi;

/// <summary>The masked <c>data</c> of getUserInfo (the token's user) and getCompanyInfo (the token's company).</summary>
public sealed class OpenApiProfileReader(OpenApiStore store, TimeProvider timeProvider)
{
    // The document's platform is in China; "created" is shown in China Standard Time (UTC+8, no daylight saving).
    private static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    /// <summary>The fields, or null when the user or company was deleted within the lookup cache's lifetime.</summary>
    public async Task<IReadOnlyList<OpenApiField>?> ReadAsync(OpenApiOperation operation, TokenSnapshot token, CancellationToken ct) =>
        operation == OpenApiOperation.GetUserInfo
            ? await store.FindUserAsync(token.UserId, ct) is { } user ? Stamped(UserFields(user, token), user.CreatedAt) : null
            : await store.FindCompanyAsync(token.TenantId, ct) is { } company ? Stamped(CompanyFields(company), company.CreatedAt) : null;

    private static OpenApiField[] UserFields(UserProfile user, TokenSnapshot token) =>
    [
        OpenApiField.Of("username", OpenApiMasking.Username(user.UserName)),
        OpenApiField.Of("truename", OpenApiMasking.PersonName(user.TrueName)),
        OpenApiField.Of("sex", ((int)user.Sex).ToString(CultureInfo.InvariantCulture)),
        OpenApiField.Of("phone", OpenApiMasking.UserPhone(user.Phone)),
        OpenApiField.Of("is_admin", token.Role >= TenantRole.Admin ? "1" : "0"),
        OpenApiField.Of("status", string.IsNullOrWhiteSpace(user.Status) ? null : user.Status),
        OpenApiField.Of("avatar", user.AvatarUrl ?? string.Empty),
    ];

    private static OpenApiField[] CompanyFields(Tenant company) =>
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
    ];

    /// <summary>Both answers end with when the row was created and the portal's clock, as the document's examples do.</summary>
    private IReadOnlyList<OpenApiField> Stamped(OpenApiField[] fields, DateTimeOffset createdAt) =>
    [
        .. fields,
        OpenApiField.Of("created", FormatCreated(createdAt)),
        OpenApiField.Of("nowtime", timeProvider.GetUtcNow().ToUnixTimeSeconds()),
    ];

    internal static string FormatCreated(DateTimeOffset at) =>
        at.ToOffset(ChinaOffset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
