namespace Yilianyun.Tests.Sandbox;

/// <summary>Whatever a caller sends to any endpoint, the answer is an envelope, never a server error.</summary>
public sealed class SandboxRobustnessTests
{
    private static readonly string[] Paths =
    [
        "oauth/oauth", "oauth/scancodemodel", "oauth/setpushurl", "printer/addprinter", "printer/deleteprinter", "print/index",
        "pictureprint/index", "expressprint/index", "printer/getprintstatus", "printer/printinfo", "printer/getversion",
        "printer/cancelall", "printer/cancelone", "printer/getorderstatus", "printer/getorderpaginglist", "printer/reprintorder",
        "printer/setsound", "printer/shutdownrestart", "printer/seticon", "printer/deleteicon", "printer/btnprint",
        "printer/getorder", "printer/setvoice", "printer/deletevoice", "printmenu/addprintmenu",
    ];

    private static readonly string[] Fields =
    [
        "grant_type", "code", "refresh_token", "scope", "qr_key", "msign", "cmd", "url", "status", "content", "origin_id",
        "idempotence", "picture_url", "order_id", "page_index", "page_size", "response_type", "voice", "img_url", "is_file", "aid",
    ];

    private static readonly string[] Values = ["", "-1", "99999999999999999999999", "中文", "%zz", "<QR>", "[[1,2]]", "{\"ShipperCode\":5}", "open", "1"];

    [Fact]
    public async Task Odd_values_on_every_endpoint_get_envelopes()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        var (k5, _) = await host.AuthorizeOpenAsync(SandboxTestHost.PrinterK5, SandboxTestHost.MsignK5);
        var random = new Random(20261123);

        foreach (var dialect in new[] { "", "v2/" })
        {
            foreach (var path in Paths)
            {
                for (var round = 0; round < 6; round++)
                {
                    var printer = round % 2 == 0 ? (SandboxTestHost.PrinterA, access) : (SandboxTestHost.PrinterK5, k5);
                    List<(string, string)> fields = [("access_token", printer.Item2), ("machine_code", printer.Item1)];
                    fields.AddRange(Fields.Select(f => (f, Values[random.Next(Values.Length)])));

                    var answer = await host.OpenCall(dialect + path, [.. fields]);

                    Assert.Equal(HttpStatusCode.OK, answer.Status);
                    Assert.InRange(answer.Error, 0, 49);
                    if (path == "printer/deleteprinter")
                    {
                        // Keep both printers authorized so the remaining calls get past the token check.
                        (access, _) = await host.AuthorizeOpenAsync();
                        (k5, _) = await host.AuthorizeOpenAsync(SandboxTestHost.PrinterK5, SandboxTestHost.MsignK5);
                    }
                }
            }
        }
    }
}
