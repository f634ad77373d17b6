using Microsoft.AspNetCore.Http;
using Portal.Features.Account;
using Portal.Features.Account.Shared;

namespace Portal.UnitTests.Features.Account;

public sealed class StatusMessageTests : BunitContext
{
    public StatusMessageTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Fact]
    public void A_success_left_in_the_cookie_stays_a_success_on_a_page_that_marks_its_own_messages_as_errors()
    {
        var status = Render<StatusMessage>(ps => ps
            .Add(p => p.IsError, true)
            .AddCascadingValue(WithStatusCookie("Your profile has been saved.")));

        Assert.Contains("mud-alert-outlined-success", status.Markup);
        Assert.Contains("Your profile has been saved.", status.Markup);
    }

    [Fact]
    public void An_error_from_the_cookie_shows_as_an_error_without_its_prefix()
    {
        var status = Render<StatusMessage>(ps => ps.AddCascadingValue(WithStatusCookie("Error: That passkey was not found.")));

        Assert.Contains("mud-alert-outlined-error", status.Markup);
        Assert.DoesNotContain("Error:", status.Markup);
    }

    [Fact]
    public void A_message_passed_in_with_IsError_shows_as_an_error()
    {
        var status = Render<StatusMessage>(ps => ps
            .Add(p => p.Message, "Wrong email or password.")
            .Add(p => p.IsError, true)
            .AddCascadingValue(WithStatusCookie(null)));

        Assert.Contains("mud-alert-outlined-error", status.Markup);
    }

    private static HttpContext WithStatusCookie(string? message)
    {
        var context = new DefaultHttpContext();
        if (message is not null)
        {
            context.Request.Headers.Cookie = $"{IdentityRedirectManager.StatusCookieName}={Uri.EscapeDataString(message)}";
        }

        return context;
    }
}
