namespace Yilianyun.Tests.Sandbox;

/// <summary>Root paths answer in v1 types (string error and ids), /v2 paths in v2 types (numbers and a timestamp).</summary>
public sealed class SandboxDialectTests
{
    [Fact]
    public async Task V1_answers_use_string_error_and_string_ids()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();

        var print = await host.OpenCall("print/index", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "hi"), ("origin_id", "V1a"));
        var status = await host.OpenCall("printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));
        var error = await host.OpenCall("printer/getprintstatus", ("access_token", "bad"), ("machine_code", SandboxTestHost.PrinterA));

        Assert.Equal(JsonValueKind.String, print.Json.GetProperty("error").ValueKind);
        Assert.Equal("success", print.Json.GetProperty("error_description").GetString());
        Assert.False(print.Json.TryGetProperty("timestamp", out _));
        Assert.Equal(JsonValueKind.String, print.Body.GetProperty("id").ValueKind);
        Assert.True(long.Parse(print.Body.GetProperty("id").GetString()!) > int.MaxValue);
        Assert.Equal("1", status.Body.GetProperty("state").GetString());
        Assert.False(status.Body.TryGetProperty("machine_code", out _));
        Assert.Equal("18", error.Json.GetProperty("error").GetString());
        Assert.False(error.Json.TryGetProperty("body", out _));
    }

    [Fact]
    public async Task V2_answers_use_numbers_and_carry_the_server_timestamp()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var token = await host.OpenCall("v2/oauth/scancodemodel", ("machine_code", SandboxTestHost.PrinterA), ("msign", SandboxTestHost.MsignA), ("scope", "all"));
        var access = token.Body.GetProperty("access_token").GetString()!;

        var print = await host.OpenCall("v2/print/index", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA), ("content", "hi"), ("origin_id", "v2-order-1"));
        var status = await host.OpenCall("v2/printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));

        Assert.Equal(JsonValueKind.Number, token.Json.GetProperty("error").ValueKind);
        Assert.Equal(host.Time.GetUtcNow().ToUnixTimeSeconds(), token.Json.GetProperty("timestamp").GetInt64());
        Assert.Equal(SandboxTestHost.OpenClientId, token.Body.GetProperty("client_id").GetString());
        Assert.Equal(3024000, token.Body.GetProperty("refresh_expires_in").GetInt64());
        Assert.Equal(SandboxTestHost.PrinterA, token.Body.GetProperty("machine_code").GetString());
        Assert.Equal(JsonValueKind.Number, print.Body.GetProperty("id").ValueKind);
        Assert.True(print.Body.GetProperty("id").GetInt64() > int.MaxValue);
        Assert.Equal("v2-order-1", print.Body.GetProperty("origin_id").GetString());
        Assert.Equal(1, status.Body.GetProperty("state").GetInt32());
        Assert.Equal(SandboxTestHost.PrinterA, status.Body.GetProperty("machine_code").GetString());
    }

    [Fact]
    public async Task Plain_values_need_no_percent_encoding()
    {
        await using var host = await SandboxTestHost.StartAsync();
        var (access, _) = await host.AuthorizeOpenAsync();
        var timestamp = host.Timestamp;
        var sign = SandboxTestHost.Md5Sign(SandboxTestHost.OpenClientId, timestamp, SandboxTestHost.OpenSecret);
        // Built by concatenation as several public SDKs do: only content is encoded, the id is upper case.
        var body = $"client_id={SandboxTestHost.OpenClientId}&timestamp={timestamp}&id={Guid.NewGuid().ToString().ToUpperInvariant()}&sign={sign}"
            + $"&access_token={access}&machine_code={SandboxTestHost.PrinterA}&origin_id=raw1&content={Uri.EscapeDataString("<FB>粗体 & co</FB>")}";

        var answer = await host.PostRawAsync("print/index", body);

        Assert.Equal(0, answer.Error);
        Assert.Equal("<FB>粗体 & co</FB>", host.Admin.Jobs(SandboxTestHost.PrinterA).Single().Content);
    }
}
