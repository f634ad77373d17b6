namespace Yilianyun.Tests.Client;

/// <summary>A request as the fake platform saw it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? ContentType, string Body)
{
    public string Path => Uri.AbsolutePath;

    /// <summary>Form fields decoded the way a server would ('+' is a space, %XX are UTF-8 bytes).</summary>
    public Dictionary<string, string> Form => Body
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .ToDictionary(
            parts => Uri.UnescapeDataString(parts[0].Replace('+', ' ')),
            parts => Uri.UnescapeDataString(parts[1].Replace('+', ' ')));
}

/// <summary>Answers each request from a script of responses (the last one repeats) and records what it received.</summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> script = new();
    private Func<HttpResponseMessage>? last;

    public List<RecordedRequest> Requests { get; } = [];

    public const string EmptySuccess = """{"error":"0","error_description":"success"}""";

    public FakeHttpHandler Returns(string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        script.Enqueue(() => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        return this;
    }

    public FakeHttpHandler ReturnsStatus(HttpStatusCode status) =>
        Returns("<html>upstream error</html>", status);

    public FakeHttpHandler Throws(Exception exception)
    {
        script.Enqueue(() => throw exception);
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType, body));
        if (script.TryDequeue(out var next))
        {
            last = next;
        }

        return (last ?? throw new InvalidOperationException("No response scripted.")).Invoke();
    }
}
