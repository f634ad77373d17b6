namespace Portal.E2E.Infrastructure;

/// <summary>
/// What went wrong in a page while a test watched it: console errors, uncaught script errors, requests that failed and
/// answers of 400 or more, each as a line naming the page or the address.
/// </summary>
public static class PageProblems
{
    /// <summary>Starts recording <paramref name="page"/>'s problems into the list returned (clear it to start over).</summary>
    public static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add($"console on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => problems.Add($"page error on {page.Url}: {error}");
        page.RequestFailed += (_, request) => problems.Add($"failed {request.Url}: {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{response.Status} {response.Url}");
            }
        };
        return problems;
    }
}
