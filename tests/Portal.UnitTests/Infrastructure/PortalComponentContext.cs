namespace Portal.UnitTests.Infrastructure;

/// <summary>
/// A bUnit context set up as the portal's pages run: MudBlazor, the portal's localization, and JavaScript calls
/// answered loosely. xUnit disposes it asynchronously, as MudBlazor's services require.
/// </summary>
public abstract class PortalComponentContext : BunitContext, IAsyncLifetime
{
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
