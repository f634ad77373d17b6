using System.Globalization;

namespace Portal.Services;

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
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        return argument =>
        {
            // Culture flows with the execution context, so this reaches the render the handler asks for too.
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
            return handler(argument);
        };
    }

    public static Func<Task> Keep(Func<Task> handler)
    {
        var kept = Keep<bool>(_ => handler());
        return () => kept(true);
    }
}
