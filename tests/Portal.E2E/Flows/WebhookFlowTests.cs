using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Portal.E2E.Flows;

/// <summary>
/// An owner registers a webhook endpoint in the page, copies its secret, sends a test event and sees it delivered in
/// the endpoint's log; the receiver (a listener on loopback, which the Development portal allows) checks the Standard
/// Webhooks signature with that secret.
/// </summary>
public sealed class WebhookFlowTests(BrowserFixture fixture) : FlowTests(fixture)
{
    [Fact]
    public async Task An_endpoint_made_in_the_page_receives_a_signed_test_event_which_the_log_shows_delivered()
    {
        using var receiver = new Receiver();
        await using var owner = await MerchantWithCompanyAsync("webhooks");
        await owner.GoToAsync("developers/webhooks");
        await owner.Page.GetByTestId("webhook-url").FillAsync(receiver.Address);
        await owner.Page.GetByTestId("webhook-description").FillAsync("Till program");
        await owner.Page.GetByTestId("webhook-create").ClickAsync();
        var secret = (await owner.Page.GetByTestId("webhook-secret-value").InnerTextAsync()).Trim();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        await Assertions.Expect(owner.Page.GetByTestId("webhook-endpoints-table")).ToContainTextAsync(receiver.Address);

        await owner.Page.GetByTestId("webhook-test").ClickAsync();
        var call = await receiver.NextAsync(TimeSpan.FromSeconds(30));

        var id = call.Headers["webhook-id"]!;
        var timestamp = call.Headers["webhook-timestamp"]!;
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{call.Body}")));
        Assert.Contains(expected, call.Headers["webhook-signature"]!.Split(' '));
        Assert.Contains("\"type\":\"webhook.test\"", call.Body, StringComparison.Ordinal);

        await owner.Page.GetByTestId("webhook-show-log").ClickAsync();
        var row = owner.Page.GetByTestId("webhook-deliveries-table").Locator("tr").Filter(new() { HasText = id });
        // The log does not follow deliveries live: refresh until the dispatcher has stored the answer.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!(await row.CountAsync() == 1 && (await row.InnerTextAsync()).Contains("Delivered", StringComparison.Ordinal)) && DateTime.UtcNow < deadline)
        {
            await owner.Page.WaitForTimeoutAsync(500);
            await owner.Page.GetByTestId("webhook-log-refresh").ClickAsync();
        }

        await Assertions.Expect(row).ToContainTextAsync("Delivered");
        await Assertions.Expect(row).ToContainTextAsync("204");
        await owner.ScreenshotAsync("webhooks-delivered");
    }

    /// <summary>A plain HTTP listener on a free loopback port that answers 204 and keeps what it was sent.</summary>
    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly BlockingCollection<(System.Collections.Specialized.NameValueCollection Headers, string Body)> _calls = [];

        public Receiver()
        {
            Address = $"http://127.0.0.1:{PortalServer.FreePort()}/hooks/";
            _listener.Prefixes.Add(Address);
            _listener.Start();
            _ = Task.Run(ListenAsync);
        }

        public string Address { get; }

        public Task<(System.Collections.Specialized.NameValueCollection Headers, string Body)> NextAsync(TimeSpan timeout) =>
            Task.Run(() => _calls.TryTake(out var call, timeout) ? call : throw new TimeoutException("No webhook call arrived."));

        private async Task ListenAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                {
                    _calls.Add((context.Request.Headers, await reader.ReadToEndAsync()));
                }

                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Close();
            _calls.Dispose();
        }
    }
}
