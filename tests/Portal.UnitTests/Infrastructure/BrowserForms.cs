namespace Portal.UnitTests.Infrastructure;

/// <summary>Posts a page's form as a browser does: the antiforgery token from the page, the cookie from the client.</summary>
public static partial class BrowserForms
{
    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <param name="postUrl">Where the form posts, when not back to its page (an endpoint's action).</param>
    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string handler,
        IReadOnlyDictionary<string, string> fields, string? postUrl = null)
    {
        var page = await client.GetStringAsync(pageUrl);
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), $"{pageUrl} carries an antiforgery token");
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = handler,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        };
        return await client.PostAsync(postUrl ?? pageUrl, new FormUrlEncodedContent(form));
    }

    /// <summary>Signs in through the login page; the client keeps the cookie.</summary>
    public static async Task LogInAsync(this HttpClient client, string email, string password)
    {
        using var response = await client.PostFormAsync("/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{email} could not log in: {(int)response.StatusCode}");
    }
}
