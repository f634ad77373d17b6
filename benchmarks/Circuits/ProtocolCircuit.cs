using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Portal.Benchmarks.Circuits;

/// <summary>
/// One real Blazor Server circuit opened without a browser, the way blazor.web.js opens it: the page is requested with
/// the sign-in cookie, its prerendered component markers and state are read, a WebSocket connection to <c>/_blazor</c>
/// speaks the blazorpack protocol, <c>StartCircuit</c> starts an empty circuit and <c>UpdateRootComponents</c> adds
/// the page's components. Every render batch is acknowledged (<c>OnRenderCompleted</c>) and every JavaScript call is
/// answered with success and no value, so the circuit renders on and stays healthy while it sits idle.
/// </summary>
internal sealed partial class ProtocolCircuit : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly byte[] _renderedWhenContains;
    private readonly TaskCompletionSource _rendered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _error;

    private ProtocolCircuit(HubConnection connection, string renderedWhenContains)
    {
        _connection = connection;
        _renderedWhenContains = Encoding.UTF8.GetBytes(renderedWhenContains);
        connection.On("JS.RenderBatch", [typeof(long), typeof(byte[])], OnRenderBatchAsync, this);
        connection.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], OnBeginInvokeJSAsync, this);
        connection.On("JS.Error", [typeof(string)], args =>
        {
            _error = (string?)args[0];
            _rendered.TrySetException(new InvalidOperationException("The circuit reported an error: " + _error));
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// Opens a circuit on <paramref name="page"/> and returns once a render batch contained
    /// <paramref name="renderedWhenContains"/> (text the page shows only once its data is loaded).
    /// </summary>
    public static async Task<ProtocolCircuit> OpenAsync(HttpClient http, Uri page, string cookie, string renderedWhenContains, TimeSpan timeout)
    {
        var html = await http.GetStringAsync(page);
        var markers = StartMarker().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
            .Where(m => m["type"]?.GetValue<string>() == "server").ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{page} has no interactive server component markers (signed out?).");
        }

        var state = StateComment().Match(html) is { Success: true } found ? found.Groups[1].Value : "";
        var operations = new JsonObject
        {
            ["batchId"] = 1,
            ["operations"] = new JsonArray(markers.Select((marker, i) => (JsonNode)new JsonObject
            {
                ["type"] = "add",
                ["ssrComponentId"] = i + 1,
                ["marker"] = marker,
            }).ToArray()),
        };

        var builder = new HubConnectionBuilder();
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        var connection = builder
            .WithUrl(new Uri(page, "/_blazor"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.Headers["Cookie"] = cookie;
            })
            // On a loaded 2-core machine the server's pings can be late; a dropped circuit would spoil the count.
            .WithServerTimeout(TimeSpan.FromMinutes(2))
            .Build();
        var circuit = new ProtocolCircuit(connection, renderedWhenContains);
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            await connection.StartAsync(cancel.Token);
            var baseUri = new Uri(page, "/").ToString();
            var secret = await connection.InvokeAsync<string?>("StartCircuit", baseUri, page.ToString(), "[]", state, cancel.Token);
            if (string.IsNullOrEmpty(secret))
            {
                throw new InvalidOperationException("StartCircuit was refused" + (circuit._error is null ? "." : ": " + circuit._error));
            }

            await connection.SendAsync("UpdateRootComponents", operations.ToJsonString(), state, cancel.Token);
            await circuit._rendered.Task.WaitAsync(cancel.Token);
            return circuit;
        }
        catch
        {
            await circuit.DisposeAsync();
            throw;
        }
    }

    private static async Task OnRenderBatchAsync(object?[] args, object state)
    {
        var circuit = (ProtocolCircuit)state;
        var batchId = (long)args[0]!;
        if (((byte[])args[1]!).AsSpan().IndexOf(circuit._renderedWhenContains) >= 0)
        {
            circuit._rendered.TrySetResult();
        }

        await circuit._connection.SendAsync("OnRenderCompleted", batchId, null);
    }

    private static Task OnBeginInvokeJSAsync(object?[] args, object state)
    {
        var circuit = (ProtocolCircuit)state;
        var taskId = (long)args[0]!;
        // As blazor.web.js answers a call: [taskId, succeeded, result as JSON].
        return circuit._connection.SendAsync("EndInvokeJSFromDotNet", taskId, true, JsonSerializer.Serialize(new object?[] { taskId, true, null }));
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex StartMarker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex StateComment();
}
