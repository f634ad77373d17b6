namespace Portal.Infrastructure.Hosting;

/// <summary>
/// The settings a deployment must get right before the portal may start: where people reach it, and that the
/// developer tools (sandbox, outbox) run only on a developer's machine or in an explicit demo.
/// </summary>
public sealed class PortalSettingsCheck(IHostEnvironment environment, IOptions<YilianyunSettings> yilianyun) : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.PublicUrl) && options.PublicUri is null)
        {
            failures.Add($"{PortalOptions.Section}:{nameof(PortalOptions.PublicUrl)} must be an absolute http(s) address without a path, such as https://portal.example.com.");
        }
        else if (options.PublicUri is null && !environment.IsDevelopment())
        {
            failures.Add($"{PortalOptions.Section}:{nameof(PortalOptions.PublicUrl)} is required outside Development: set it to the address people open the portal at, e.g. Portal__PublicUrl=https://portal.example.com.");
        }
        else if (options.PublicUri is { Scheme: "http" } && !environment.IsDevelopment() && !options.Demo)
        {
            // Passwords and session cookies would cross the network in the clear.
            failures.Add($"{PortalOptions.Section}:{nameof(PortalOptions.PublicUrl)} must be an https address outside Development (people sign in there): put the portal behind a proxy that serves HTTPS, or set Portal__Demo=true for a demo on a private network.");
        }

        if (yilianyun.Value.Mode == YilianyunMode.Sandbox && !environment.IsDevelopment() && !options.Demo)
        {
            failures.Add($"{YilianyunSettings.Section}:{nameof(YilianyunSettings.Mode)} is Sandbox, a developer and demo tool: outside Development set Yilianyun__Mode=Live with the app's ClientId, ClientSecret and RedirectUri, or Portal__Demo=true for a demo.");
        }

        foreach (var proxy in options.KnownProxies.Where(p => !IPAddress.TryParse(p, out _) && !IPNetwork.TryParse(p, out _)))
        {
            failures.Add($"{PortalOptions.Section}:{nameof(PortalOptions.KnownProxies)} holds '{proxy}', which is neither an IP address nor a CIDR network such as 10.0.0.0/8.");
        }

        if (!string.IsNullOrWhiteSpace(options.KeyCertificatePath) && !File.Exists(options.KeyCertificatePath))
        {
            failures.Add($"{PortalOptions.Section}:{nameof(PortalOptions.KeyCertificatePath)} names {options.KeyCertificatePath}, which does not exist: give the path of a PKCS#12 (.pfx) file this user can read.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

/// <summary>Stops start-up on invalid settings with one line per problem on standard error instead of a stack trace.</summary>
public static class StartupSettings
{
    public static bool AreValid(WebApplication app)
    {
        var problems = Problems(app.Services);
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"Portal cannot start: {problem}");
        }

        return problems.Count == 0;
    }

    private static IReadOnlyList<string> Problems(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException e)
        {
            return e.Failures.Distinct().ToList();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            return e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures).Distinct().ToList();
        }
    }
}
