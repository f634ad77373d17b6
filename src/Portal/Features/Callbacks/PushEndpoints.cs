namespace Portal.Features.Callbacks;

/// <summary>
/// The push URLs: <c>POST {prefix}/{clientId}/{kind}</c> receives a push; <c>GET</c> (and an empty POST) is the
/// platform's liveness probe. Every answer the platform should accept is HTTP 200 <c>{"data":"OK"}</c>, also for pushes
/// that are rejected (they are recorded, never acted on, and a retry would not make them valid).
/// </summary>
public static class PushEndpoints
{
    internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(PushAddress.RoutePrefix).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        group.MapGet("/{clientId}/{kind}", (string kind) => PushAddress.CommandForSegment(kind) is null ? Results.NotFound() : Acknowledge());
        group.MapPost("/{clientId}/{kind}", ReceiveAsync);
        return endpoints;
    }

    private static IResult Acknowledge() => Results.Text(YilianyunPushReader.Acknowledgement, "application/json", Encoding.UTF8);

    private static async Task<IResult> ReceiveAsync(string clientId, string kind, HttpRequest request, PushHandler handler)
    {
        if (PushAddress.CommandForSegment(kind) is not { } command)
        {
            return Results.NotFound();
        }

        var body = await ReadBodyAsync(request);
        if (body is { Length: 0 })
        {
            return Acknowledge();
        }

        // Handled to the end even if the platform stops waiting: the row and the change belong together.
        var receipt = await handler.ReceiveAsync(clientId, command, body);
        return receipt.Retry ? Results.StatusCode(StatusCodes.Status503ServiceUnavailable) : Acknowledge();
    }

    /// <summary>The body as text, or null when it is longer than a push can be (recorded as malformed).</summary>
    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength > PushHandler.MaxBodyLength)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[PushHandler.MaxBodyLength + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length))) > 0)
        {
            length += read;
        }

        return length > PushHandler.MaxBodyLength ? null : new string(buffer, 0, length).Trim();
    }
}
