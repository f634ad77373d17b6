namespace Portal.UnitTests.Features.OpenApi;

/// <summary>A test class whose every test gets its own <see cref="OpenApiHost"/> with the default settings, started before the test and disposed after.</summary>
public abstract class OpenApiHostTests : IAsyncLifetime
{
    protected OpenApiHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await OpenApiHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
