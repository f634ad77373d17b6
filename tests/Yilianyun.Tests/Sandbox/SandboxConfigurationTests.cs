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
