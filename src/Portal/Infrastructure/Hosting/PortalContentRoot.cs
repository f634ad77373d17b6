using System.Reflection;

namespace Portal.Infrastructure.Hosting;

/// <summary>
/// Published output holds its own wwwroot and appsettings.json: started from any folder (<c>dotnet out/Portal.dll</c>,
/// a service manager's working directory), it reads them from beside Portal.dll rather than from the current folder.
/// A content root given on the command line or in ASPNETCORE_CONTENTROOT still wins.
/// </summary>
public static class PortalContentRoot
{
    public static WebApplicationOptions Options(string[] args)
    {
        var besideTheApp = AppContext.BaseDirectory;
        var published = Assembly.GetEntryAssembly()?.GetName().Name == "Portal" && Directory.Exists(Path.Combine(besideTheApp, "wwwroot"));
        var chosen = Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT") is not null
            || args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase));
        return new WebApplicationOptions { Args = args, ContentRootPath = published && !chosen ? besideTheApp : null };
    }
}
