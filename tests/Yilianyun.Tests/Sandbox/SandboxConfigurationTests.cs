using Microsoft.AspNetCore.Authorization;

namespace Yilianyun.Tests.Sandbox;

/// <summary>Options bound from configuration and validated at start.</summary>
public sealed class SandboxConfigurationTests
{
    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddYilianyunSandbox(builder.Configuration.GetSection("Yilianyun:Sandbox"));
        var app = builder.Build();
        app.MapYilianyunSandbox();
        return app;
    }

    [Fact]
    public async Task Apps_printers_and_knobs_bind_from_configuration()
    {
        await using var app = Build(new()
        {
            ["Yilianyun:Sandbox:Apps:0:Name"] = "Portal",
            ["Yilianyun:Sandbox:Apps:0:ClientId"] = "42",
            ["Yilianyun:Sandbox:Apps:0:ClientSecret"] = "s",
            ["Yilianyun:Sandbox:Apps:0:Type"] = "Own",
            ["Yilianyun:Sandbox:Printers:0:MachineCode"] = "4001",
            ["Yilianyun:Sandbox:Printers:0:Msign"] = "m",
            ["Yilianyun:Sandbox:Printers:0:PaperWidth"] = "Mm80",
            ["Yilianyun:Sandbox:PrintDelay"] = "00:00:05",
            ["Yilianyun:Sandbox:TimestampSkewTolerance"] = "00:05:00",
        });
        await app.StartAsync();
        var admin = app.Services.GetRequiredService<SandboxAdmin>();
        var options = app.Services.GetRequiredService<IOptions<SandboxOptions>>().Value;

        Assert.Equal(SandboxAppType.Own, admin.FindApp("42")!.Type);
        Assert.Equal(PaperWidth.Mm80, admin.FindPrinter("4001")!.PaperWidth);
        Assert.Equal(TimeSpan.FromSeconds(5), options.PrintDelay);
        Assert.Equal(TimeSpan.FromMinutes(5), options.TimestampSkewTolerance);
        Assert.Contains("<code>4001</code>", await app.GetTestClient().GetStringAsync("/sandbox/admin"));
        await app.StopAsync();
    }

    [Fact]
    public async Task An_app_without_a_secret_stops_start_up_with_a_message_naming_the_setting()
    {
        await using var app = Build(new() { ["Yilianyun:Sandbox:Apps:0:ClientId"] = "42" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Sandbox:Apps", failure.Message);
    }

    [Fact]
    public async Task Fault_rules_from_settings_apply_from_start()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Yilianyun:Sandbox:Faults:0:Path"] = "printer/getprintstatus",
            ["Yilianyun:Sandbox:Faults:0:ForceError"] = "45",
            ["Yilianyun:Sandbox:Faults:0:Times"] = "1",
            ["Yilianyun:Sandbox:Faults:1:ClientId"] = SandboxTestHost.OwnClientId,
            ["Yilianyun:Sandbox:Faults:1:ServerErrorRate"] = "1",
            ["Yilianyun:Sandbox:Faults:1:ServerErrorStatus"] = "502",
            ["Yilianyun:Sandbox:Faults:1:Latency"] = "00:00:00.050",
        }).Build();
        await using var host = await SandboxTestHost.StartAsync(o => settings.GetSection("Yilianyun:Sandbox").Bind(o));
        var (access, _) = await host.AuthorizeOpenAsync();

        var forced = await host.OpenCall("printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));
        var afterTimes = await host.OpenCall("printer/getprintstatus", ("access_token", access), ("machine_code", SandboxTestHost.PrinterA));
        var ownApp = await host.OwnCall("oauth/oauth", ("grant_type", "client_credentials"), ("scope", "all"));

        Assert.Equal(45, forced.Error);
        Assert.Equal(0, afterTimes.Error);
        Assert.Equal(HttpStatusCode.BadGateway, ownApp.Status);
        var remaining = Assert.Single(host.Faults.Active);
        Assert.Equal((SandboxTestHost.OwnClientId, TimeSpan.FromMilliseconds(50), 1), (remaining.Fault.ClientId, remaining.Fault.Latency, remaining.Affected));
    }

    [Fact]
    public async Task Unusable_fault_settings_stop_start_up_naming_each_rule_and_the_reason()
    {
        await using var app = Build(new()
        {
            ["Yilianyun:Sandbox:Faults:0:Path"] = "print/index",
            ["Yilianyun:Sandbox:Faults:0:ForceError"] = "9",
            ["Yilianyun:Sandbox:Faults:1:ServerErrorRate"] = "1.5",
            ["Yilianyun:Sandbox:Faults:2:ServerErrorRate"] = "0.5",
            ["Yilianyun:Sandbox:Faults:2:ServerErrorStatus"] = "404",
            ["Yilianyun:Sandbox:Faults:3:Latency"] = "-00:00:01",
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.DoesNotContain("Sandbox:Faults:0", failure.Message);
        Assert.Contains("Sandbox:Faults:1: ServerErrorRate must be between 0 and 1", failure.Message);
        Assert.Contains("Sandbox:Faults:2: ServerErrorStatus must be an HTTP 5xx status (500 to 599)", failure.Message);
        Assert.Contains("Sandbox:Faults:3: Latency must be between 0 and 10 minutes", failure.Message);
    }

    [Fact]
    public async Task A_host_fallback_policy_requiring_sign_in_does_not_apply_to_the_platform()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        builder.Services.AddYilianyunSandbox();
        await using var app = builder.Build();
        app.UseAuthorization();
        app.MapYilianyunSandbox();
        app.MapGet("/private", () => "secret");
        await app.StartAsync();
        var client = app.GetTestClient();

        var admin = await client.GetAsync("/sandbox/admin");
        var api = await client.PostAsync("/sandbox/v2/print/index", new FormUrlEncodedContent([]));
        var hostEndpoint = await Record.ExceptionAsync(() => client.GetAsync("/private"));

        Assert.Equal(System.Net.HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, api.StatusCode);
        Assert.NotNull(hostEndpoint); // the host's own endpoint is guarded (no scheme to challenge with here)
        await app.StopAsync();
    }
}
