using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Portal.Features.OpenApi;

// The answers' shapes, for the schemas Microsoft.AspNetCore.OpenApi generates (Produces on each endpoint). The handler
// writes the same fields itself (OpenApiProfileReader); OpenApiEndpointDoc.DataFields reads the names from here. Numbers
// are always written as numbers, whatever the portal's JSON options would accept when reading.

/// <summary>The document's envelope; in XML its root element is <c>response</c>.</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record OpenApiAnswer<TData>(
    [property: JsonPropertyName("data")] TData? Data,
    [property: JsonPropertyName("code"), Description("200 on success, otherwise the code from the error table.")] int Code,
    [property: JsonPropertyName("message")] string Message);

/// <summary>An error: <c>data</c> is null (<c>xsi:nil="true"</c> in XML).</summary>
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record OpenApiErrorAnswer(
    [property: JsonPropertyName("data"), Description("Always null on an error.")] object? Data,
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("message")] string Message);

[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record AuthorizeData(
    [property: JsonPropertyName("auth_code"), Description("40 hex digits, valid for 10 minutes.")] string AuthCode);

[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record UserInfoData(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("truename")] string Truename,
    [property: JsonPropertyName("sex"), Description("1 male, 2 female, 3 not given.")] string Sex,
    [property: JsonPropertyName("phone")] string Phone,
    [property: JsonPropertyName("is_admin"), Description("\"1\" for an owner or admin of the company, otherwise \"0\".")] string IsAdmin,
    [property: JsonPropertyName("status"), Description("Null while the account is in good standing.")] string? Status,
    [property: JsonPropertyName("avatar")] string Avatar,
    [property: JsonPropertyName("created"), Description("yyyy-MM-dd HH:mm:ss, China Standard Time.")] string Created,
    [property: JsonPropertyName("nowtime"), Description("Server time, unix seconds.")] long Nowtime);

[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record CompanyInfoData(
    [property: JsonPropertyName("company_name")] string CompanyName,
    [property: JsonPropertyName("company_type")] string CompanyType,
    [property: JsonPropertyName("tax_number")] string TaxNumber,
    [property: JsonPropertyName("province")] string Province,
    [property: JsonPropertyName("city")] string City,
    [property: JsonPropertyName("zone")] string Zone,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("disable")] string Disable,
    [property: JsonPropertyName("tel_phone")] string TelPhone,
    [property: JsonPropertyName("legal_person_phone")] string LegalPersonPhone,
    [property: JsonPropertyName("legal_person_name")] string LegalPersonName,
    [property: JsonPropertyName("created"), Description("yyyy-MM-dd HH:mm:ss, China Standard Time.")] string Created,
    [property: JsonPropertyName("nowtime"), Description("Server time, unix seconds.")] long Nowtime);
