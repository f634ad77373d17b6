namespace Portal.Infrastructure.Email;

/// <summary>Composes the portal's messages (in the sender's current language) and hands them to the transport.</summary>
/// <remarks>
/// The mails a visitor can cause without signing in (the first five below) pass <see cref="AccountMailThrottle"/>; one
/// over the bound is dropped without a word to the visitor, who is told the same either way.
/// </remarks>
public sealed class PortalMailer(IMailTransport transport, IOptions<EmailOptions> options, AccountMailThrottle throttle, IStringLocalizer<PortalMailer> L,
    ILogger<PortalMailer> logger)
    : IEmailSender<PortalUser>
{
    public Task SendConfirmationLinkAsync(PortalUser user, string email, string confirmationLink) =>
        Throttled(email, () => SendAsync(email, L["Confirm your email"], L["Please confirm your account by opening this link:"], confirmationLink, L["Confirm email"]));

    public Task SendPasswordResetLinkAsync(PortalUser user, string email, string resetLink) =>
        Throttled(email, () => SendAsync(email, L["Reset your password"], L["Reset your password by opening this link:"], resetLink, L["Reset password"]));

    public Task SendPasswordResetCodeAsync(PortalUser user, string email, string resetCode) =>
        Throttled(email, () => SendAsync(email, L["Reset your password"], L["Your password reset code is:"] + " " + resetCode, null, null));

    /// <summary>Someone registered an address that has an account: its owner hears of it, the visitor learns nothing.</summary>
    public Task SendAlreadyRegisteredAsync(string email, string forgotPasswordLink) => Throttled(email, () =>
        SendAsync(email, L["Your 易联云 Portal account"],
            L["Someone, perhaps you, tried to register this email address on the 易联云 Portal, but it already has an account. If it was you, log in; if you forgot your password, choose a new one here. Otherwise you can ignore this message."],
            forgotPasswordLink, L["Choose a new password"]));

    /// <summary>A password reset asked for an address without an account: every address gets a message, so none is told apart.</summary>
    public Task SendNoAccountAsync(string email, string registerLink) => Throttled(email, () =>
        SendAsync(email, L["Reset your password"],
            L["Someone asked to reset the password of a 易联云 Portal account for this email address, but it has no account. If you meant to sign up, register here. Otherwise you can ignore this message."],
            registerLink, L["Register"]));

    public Task SendInvitationAsync(string email, string companyName, string inviterName, string acceptLink) =>
        SendAsync(email, L["You are invited to join {0}", companyName],
            L["{0} invited you to join {1} on the 易联云 Portal.", inviterName, companyName], acceptLink, L["Accept invitation"]);

    /// <summary>
    /// Asks an Owner or Admin to reconnect printers whose tokens the platform no longer accepts, one link each. An
    /// operator sends it, so it is written in Chinese and in English rather than in the operator's language.
    /// </summary>
    public Task SendReauthorizationRequestAsync(string email, string companyName, IReadOnlyList<(string Printer, string Link)> printers)
    {
        var parts = new[] { "zh-CN", "en" }.Select(culture => InCulture(culture, () => (
            Subject: L["Reconnect the printers of {0}", companyName].Value,
            Intro: L["{0} can no longer print to these printers on the 易联云 Portal until someone reconnects them. Open each link while signed in as an Owner or Admin of {0}:", companyName].Value,
            Reconnect: L["Reconnect"].Value))).ToList();
        var html = string.Concat(parts.Select(part =>
            $"<p>{WebUtility.HtmlEncode(part.Intro)}</p><ul>" + string.Concat(printers.Select(p =>
                $"<li>{WebUtility.HtmlEncode(p.Printer)}: <a href=\"{WebUtility.HtmlEncode(p.Link)}\">{WebUtility.HtmlEncode(part.Reconnect)}</a> <span style=\"color:#595959\">{WebUtility.HtmlEncode(p.Link)}</span></li>")) + "</ul>"));
        var text = string.Join("\n\n", parts.Select(part => part.Intro + "\n" + string.Join("\n", printers.Select(p => $"- {p.Printer}: {p.Link}"))));
        return SendAsync(email, string.Join(" · ", parts.Select(part => part.Subject)), html, text);
    }

    /// <summary>
    /// Tells an Owner or Admin that another company tried to connect one of their printers and was refused (the other
    /// company is not named). The portal sends it on its own, so it is written in Chinese and in English.
    /// </summary>
    /// <param name="way">How the attempt was made, as an audit detail (worded in each language).</param>
    /// <param name="printerLink">The printer's page, absolute.</param>
    public Task SendConnectAttemptAsync(string email, string companyName, string printer, string way, string printerLink)
    {
        var parts = new[] { "zh-CN", "en" }.Select(culture => InCulture(culture, () => (
            Subject: L["Someone tried to connect your printer {0}", printer].Value,
            Body: L["Someone from another company on the 易联云 Portal tried to connect printer {0} of {1} ({2}). The portal refused, without saying who holds the printer; it still prints for {1} only.", printer, companyName, AuditDetail.Describe(L, way)].Value,
            Advice: L["If nobody expected this, the key on the printer's label may be known to others. The printer's page on the portal shows every attempt."].Value))).ToList();
        var link = WebUtility.HtmlEncode(printerLink);
        var html = string.Concat(parts.Select(part => $"<p>{WebUtility.HtmlEncode(part.Body)}</p><p>{WebUtility.HtmlEncode(part.Advice)}</p>"))
            + $"<p><a href=\"{link}\">{link}</a></p>";
        var text = string.Join("\n\n", parts.Select(part => part.Body + "\n" + part.Advice)) + "\n\n" + printerLink;
        return SendAsync(email, string.Join(" · ", parts.Select(part => part.Subject)), html, text);
    }

    private Task Throttled(string email, Func<Task> send)
    {
        if (throttle.TryTake(email))
        {
            return send();
        }

        // Not the address: the log is no place for it, and the count says what happened.
        logger.LogWarning("An account mail was not sent: its address has had {Limit} in the last hour", options.Value.AccountMailsPerHour);
        return Task.CompletedTask;
    }

    private static T InCulture<T>(string culture, Func<T> compose)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return compose();
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <param name="link">Already an absolute URL; it is HTML-encoded here, once.</param>
    private Task SendAsync(string to, string subject, string text, string? link, string? linkText)
    {
        var body = $"<p>{WebUtility.HtmlEncode(text)}</p>";
        if (link is not null)
        {
            var encoded = WebUtility.HtmlEncode(link);
            body += $"<p><a href=\"{encoded}\">{WebUtility.HtmlEncode(linkText)}</a></p><p style=\"color:#595959\">{encoded}</p>";
        }

        return SendAsync(to, subject, body, link is null ? text : $"{text}\n{link}");
    }

    private Task SendAsync(string to, string subject, string htmlBody, string textBody)
    {
        var settings = options.Value;
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(settings.FromName, settings.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new BodyBuilder { HtmlBody = htmlBody, TextBody = textBody }.ToMessageBody();
        return transport.SendAsync(message);
    }
}
