namespace Portal.Features.OpenApi;

/// <summary>
/// The example values of document 003: its request stamp, its test client and token, and its three answers. The
/// OpenAPI document shows them as the examples of its parameters and responses.
/// </summary>
public static class OpenApiExamples
{
    public const long T = 1422339152058;
    public const long P = 8519;
    public const string AuthCode = "c3a8ad070c745db455e30a51511dca819b607bf7";

    /// <summary>The document's test client as a Basic header: <c>1102084294:aku8hCyXBd9SqYkT</c>.</summary>
    public const string BasicHeader = "Basic MTEwMjA4NDI5NDpha3U4aEN5WEJkOVNxWWtU";

    public static readonly IReadOnlyList<OpenApiField> Authorize = [OpenApiField.Of("auth_code", AuthCode)];

    public static readonly IReadOnlyList<OpenApiField> UserInfo =
    [
        OpenApiField.Of("username", "li******40"),
        OpenApiField.Of("truename", "李**"),
        OpenApiField.Of("sex", "3"),
        OpenApiField.Of("phone", "13******0170"),
        OpenApiField.Of("is_admin", "1"),
        OpenApiField.Of("status", null),
        OpenApiField.Of("avatar", "http://avatar.xxx.dev.com/000/00/11/52_avatar_small"),
        OpenApiField.Of("created", "2017-11-30 10:37:30"),
        OpenApiField.Of("nowtime", 1522404566),
    ];

    public static readonly IReadOnlyList<OpenApiField> CompanyInfo =
    [
        OpenApiField.Of("company_name", "水磨沟区*******餐饮店"),
        OpenApiField.Of("company_type", "1"),
        OpenApiField.Of("tax_number", "6523248***************03404"),
        OpenApiField.Of("province", ""),
        OpenApiField.Of("city", ""),
        OpenApiField.Of("zone", ""),
        OpenApiField.Of("address", "乌鲁木齐市***巷186号"),
        OpenApiField.Of("disable", ""),
        OpenApiField.Of("tel_phone", ""),
        OpenApiField.Of("legal_person_phone", "133*****0170"),
        OpenApiField.Of("legal_person_name", "李**"),
        OpenApiField.Of("created", "2017-11-30 10:37:30"),
        OpenApiField.Of("nowtime", 1522404881),
    ];

    public static IReadOnlyList<OpenApiField> Answer(OpenApiOperation operation) => operation switch
    {
        OpenApiOperation.Authorize => Authorize,
        OpenApiOperation.GetUserInfo => UserInfo,
        _ => CompanyInfo,
    };

    /// <summary>The document's value for a query parameter; its test token stands for the masked access_token.</summary>
    public static string Parameter(string name) => name switch
    {
        "t_" => T.ToString(CultureInfo.InvariantCulture),
        "p_" => P.ToString(CultureInfo.InvariantCulture),
        "access_token" => OpenApiExampleSeeder.AccessToken,
        "client_id" => OpenApiExampleSeeder.ClientId,
        "auth_code" => AuthCode,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
