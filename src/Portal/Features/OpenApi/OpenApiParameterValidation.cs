using System.Buffers;

namespace Portal.Features.OpenApi;

/// <summary>
/// Checks an operation's query parameters: repeated (400), missing (601) or empty (602), then malformed values, p_ and
/// the clock window (601).
/// </summary>
public sealed class OpenApiParameterValidation(IOptions<OpenApiOptions> options, TimeProvider timeProvider)
{
    private const int MaxAccessTokenLength = 128;
    private const int MinAccessTokenLength = 16;

    // In the order they are checked, which decides the answer when several are wrong.
    private static readonly string[] AuthorizeParameters = ["t_", "p_", "access_token"];
    private static readonly string[] InfoParameters = ["t_", "p_", "access_token", "client_id", "auth_code"];

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly SearchValues<char> LettersAndDigits =
        SearchValues.Create("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");

    public OpenApiCode Check(IQueryCollection query, OpenApiOperation operation)
    {
        var required = operation == OpenApiOperation.Authorize ? AuthorizeParameters : InfoParameters;
        foreach (var name in required)
        {
            if (query.TryGetValue(name, out var values) && values.Count > 1)
            {
                return OpenApiCode.InvalidRequest;
            }
        }

        foreach (var name in required)
        {
            if (!query.TryGetValue(name, out var values))
            {
                return OpenApiCode.IllegalParameter;
            }

            if (string.IsNullOrWhiteSpace(values.ToString()))
            {
                return OpenApiCode.EmptyContent;
            }
        }

        if (!TryParseDigits(query["t_"].ToString(), 15, out var t)
            || !TryParseDigits(query["p_"].ToString(), 10, out var p)
            || p != OpenApiTimestamp.ExpectedP(t)
            || Math.Abs(timeProvider.GetUtcNow().ToUnixTimeMilliseconds() - t) > options.Value.TimestampWindow.TotalMilliseconds)
        {
            return OpenApiCode.IllegalParameter;
        }

        if (!IsAccessTokenShape(query["access_token"].ToString()))
        {
            return OpenApiCode.IllegalParameter;
        }

        if (operation != OpenApiOperation.Authorize
            && (!IsClientIdShape(query["client_id"].ToString()) || !IsAuthCodeShape(query["auth_code"].ToString())))
        {
            return OpenApiCode.IllegalParameter;
        }

        return OpenApiCode.Ok;
    }

    internal static bool IsClientIdShape(string value) => value.Length == 10 && !value.AsSpan().ContainsAnyExcept(Digits);

    private static bool TryParseDigits(string value, int maxLength, out long number)
    {
        number = 0;
        return value.Length <= maxLength && !value.AsSpan().ContainsAnyExcept(Digits)
            && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    private static bool IsAccessTokenShape(string value) =>
        value.Length is >= MinAccessTokenLength and <= MaxAccessTokenLength && !value.AsSpan().ContainsAnyExcept(LettersAndDigits);

    private static bool IsAuthCodeShape(string value) => value.Length == 40 && !value.AsSpan().ContainsAnyExcept(HexDigits);
}
