namespace Portal.E2E.Infrastructure;

/// <summary>
/// Relays the page's live connection to the portal (Blazor's WebSocket) and can hold back what the server sends, as a
/// slow network would, from a chosen message of the page on: the test acts in the browser while the server's answer
/// is on its way. Install it before the page opens.
/// </summary>
public sealed class ServerHold
{
    private readonly Lock gate = new();
    private readonly Queue<byte[]> held = new();
    private IWebSocketRoute? page;
    private (string Marker, TaskCompletionSource Holding)? armed;
    private bool holding;

    public static async Task<ServerHold> InstallAsync(IPage page)
    {
        var hold = new ServerHold();
        await page.RouteWebSocketAsync(new Regex("/_blazor"), hold.Relay);
        return hold;
    }

    /// <summary>
    /// Holds everything the server sends once the page has sent a message containing <paramref name="marker"/>;
    /// completes then. (Blazor's messages are MessagePack, whose strings, such as JSON results, are plain UTF-8.)
    /// </summary>
    public Task HoldAfterPageSendsAsync(string marker)
    {
        lock (gate)
        {
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            armed = (marker, started);
            return started.Task;
        }
    }

    /// <summary>Delivers what was held, in order, and lets the server's messages through again.</summary>
    public void Release()
    {
        lock (gate)
        {
            holding = false;
            while (held.TryDequeue(out var message))
            {
                page!.Send(message);
            }
        }
    }

    private void Relay(IWebSocketRoute route)
    {
        // Playwright's frames do not say whether they were text or binary; Blazor's server takes either, and its
        // client reads the binary handshake too.
        var server = route.ConnectToServer();
        page = route;
        route.OnMessage(frame =>
        {
            lock (gate)
            {
                server.Send(frame.Binary!);
                if (armed is var (marker, started) && Encoding.UTF8.GetString(frame.Binary!).Contains(marker, StringComparison.Ordinal))
                {
                    holding = true;
                    armed = null;
                    started.SetResult();
                }
            }
        });
        server.OnMessage(frame =>
        {
            lock (gate)
            {
                if (holding)
                {
                    held.Enqueue(frame.Binary!);
                }
                else
                {
                    route.Send(frame.Binary!);
                }
            }
        });
    }
}
