namespace Portal.UnitTests.Web;

/// <summary>
/// Every routable page, found by reflection so a new page is covered the day it is added, opened by each kind of
/// visitor in each language: none may answer 5xx or render an error instead of its content.
/// </summary>
public sealed partial class EveryPageTests(EveryPageWorld world) : IClassFixture<EveryPageWorld>
{
    public static TheoryData<string, string> Visitors => new()
    {
        { "anonymous", "zh-CN" }, { "anonymous", "en" },
        { "merchant", "zh-CN" }, { "merchant", "en" },
        { "member", "zh-CN" }, { "member", "en" },
        { "operator", "zh-CN" }, { "operator", "en" },
    };

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    [Theory]
    [MemberData(nameof(Visitors))]
    public async Task Every_page_opens_without_a_server_error(string visitor, string language)
    {
        using var client = world.Portal.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        if (EmailOf(visitor) is { } email)
        {
            await client.LogInAsync(email, EveryPageWorld.Password);
        }

        var failures = new List<string>();
        foreach (var url in Urls())
        {
            if (await OpenAsync(client, url) is { } failure)
            {
                failures.Add($"GET {url} as {visitor} in {language}: {failure}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public void Every_route_parameter_has_seeded_data()
    {
        Assert.All(Templates(), template => Assert.All(RouteParameter().Matches(template), m => Assert.NotNull(Seeded(m.Groups[1].Value))));
    }

    private static async Task<string?> OpenAsync(HttpClient client, string url)
    {
        try
        {
            using var response = await client.GetAsync(url);
            return Failure((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or IOException or InvalidOperationException)
        {
            // The test server hands on what the pipeline threw after the answer had started.
            return $"failed mid-answer: {e.GetType().Name}: {e.Message}";
        }
    }

    private string? EmailOf(string visitor) => visitor switch
    {
        "merchant" => world.OwnerEmail,
        "member" => world.MemberEmail,
        "operator" => world.OperatorEmail,
        _ => null,
    };

    /// <summary>What a broken page looks like: a 5xx, the default error boundary, or the error Blazor streams once the page has started.</summary>
    private static string? Failure(int status, string html) =>
        status >= 500 ? $"answered {status}"
        : html.Contains("blazor-error-boundary", StringComparison.Ordinal) ? "rendered an error boundary"
        : html.Contains("<template type=\"error\">", StringComparison.Ordinal) ? "streamed an unhandled exception"
        : null;

    private IEnumerable<string> Urls() =>
        Templates().Select(template => RouteParameter().Replace(template, m => Seeded(m.Groups[1].Value)!))
            // Pages that read the query string, given the real thing too.
            .Append($"/invitations/accept?token={world.InvitationToken}")
            .Append($"/printers/connect/callback?code=nonsense&state=nonsense");

    /// <summary>Routes of the portal's components and of the sandbox's, should it ever route components of its own.</summary>
    private static IEnumerable<string> Templates() =>
        new[] { typeof(Program).Assembly, typeof(Yilianyun.Sandbox.SandboxAdmin).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => typeof(IComponent).IsAssignableFrom(type))
            .SelectMany(type => type.GetCustomAttributes<RouteAttribute>())
            .Select(route => route.Template)
            .Distinct()
            .Order(StringComparer.Ordinal);

    private string? Seeded(string parameter) => parameter switch
    {
        "TenantId" => world.TenantId.ToString(),
        "PrinterId" => world.PrinterId.ToString(),
        "JobId" => world.JobId.ToString(),
        "TemplateId" => world.TemplateId.ToString(),
        // A passkey id nobody has: the page must say so, not fail.
        "Id" => "bm8tc3VjaC1wYXNza2V5",
        _ => null,
    };
}
