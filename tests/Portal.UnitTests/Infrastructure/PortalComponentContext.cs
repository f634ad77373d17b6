namespace Portal.UnitTests.Infrastructure;

/// <summary>
/// A bUnit context set up as the portal's pages run: MudBlazor, the portal's localization, and JavaScript calls
/// answered loosely. xUnit disposes it asynchronously, as MudBlazor's services require.
/// </summary>
public abstract class PortalComponentContext : BunitContext, IAsyncLifetime
{
    // Pages load from a real database: on SQLite the load finishes within the first render, on PostgreSQL it is a
    // network round trip, and on a loaded machine the first one (with its query compiled) outlasts bUnit's 1 s default.
    static PortalComponentContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected PortalComponentContext()
    {
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddSingleton<IStringLocalizerFactory, PortalStringLocalizerFactory>();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services dispose asynchronously only.
    public new virtual async Task DisposeAsync() => await base.DisposeAsync();
}
