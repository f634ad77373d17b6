namespace Portal.Infrastructure.Email;

/// <summary>Mail settings, the transport (SMTP when configured, otherwise the outbox) and the portal's mailer.</summary>
public static class EmailRegistration
{
    public static WebApplicationBuilder AddPortalEmail(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations()
            // Without a mail server, confirmation and password-reset links wait in the outbox, which anyone can open:
            // fine for the sandbox a developer or a demo runs, never for a portal merchants really use.
            .Validate<IOptions<YilianyunSettings>>((email, yilianyun) => email.UsesSmtp || yilianyun.Value.Mode != YilianyunMode.Live,
                $"{EmailOptions.Section}:Smtp:Host is required when {YilianyunSettings.Section}:Mode is Live: without a mail server, sign-up confirmation and password-reset links would wait in the outbox, which anyone can open.")
            .ValidateOnStart();
        services.AddSingleton(sp => new Outbox(Path.Combine(sp.GetRequiredService<DataFolder>().Path, "outbox"), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.UsesSmtp
            ? ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp)
            : ActivatorUtilities.CreateInstance<OutboxMailTransport>(sp));
        services.AddSingleton<AccountMailThrottle>();
        services.AddScoped<PortalMailer>();
        services.AddScoped<IEmailSender<PortalUser>>(sp => sp.GetRequiredService<PortalMailer>());
        return builder;
    }
}
