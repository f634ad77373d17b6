namespace Portal.UnitTests.Infrastructure;

public static class StartupRefusal
{
    /// <summary>What the portal printed on standard error when it refused to start (it never starts serving).</summary>
    public static string ErrorsOf(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> portal)
    {
        var errors = new StringWriter();
        var standardError = Console.Error;
        Console.SetError(errors);
        try
        {
            Assert.ThrowsAny<InvalidOperationException>(() => portal.CreateClient());
        }
        finally
        {
            Console.SetError(standardError);
        }

        var lines = errors.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith("Portal cannot start: ", line));
        return errors.ToString();
    }
}
