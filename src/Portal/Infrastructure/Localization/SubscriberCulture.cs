namespace Portal.Infrastructure.Localization;

/// <summary>
/// Live-update handlers run in the publisher's context: a push request, the poller, another person's circuit. Their
/// language is not the subscribing page's, and a page that re-renders in it switches to the wrong language (a zh
/// page going English when a push arrives). Wrapping a handler at subscription puts the subscriber's cultures back
/// for each call.
/// </summary>
public static class SubscriberCulture
{
    public static Func<T, Task> Keep<T>(Func<T, Task> handler)
    {
        var restore = Capture();
        return argument =>
        {
            restore();
            return handler(argument);
        };
    }

    public static Func<Task> Keep(Func<Task> handler)
    {
        var restore = Capture();
        return () =>
        {
            restore();
            return handler();
        };
    }

    /// <summary>The current cultures, to put back later. They flow with the execution context, so they reach the render a handler asks for too.</summary>
    private static Action Capture()
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        return () => (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
    }
}
