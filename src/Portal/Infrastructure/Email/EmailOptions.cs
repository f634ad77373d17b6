namespace Portal.Infrastructure.Email;

/// <summary>Settings under <c>Email:*</c>. Without <c>Email:Smtp:Host</c>, mail is written to the outbox folder.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required, EmailAddress]
    public string From { get; set; } = "no-reply@portal.local";

    public string FromName { get; set; } = "易联云 Portal";

    public SmtpSettings Smtp { get; set; } = new();

    /// <summary>Mails anyone may make the portal send to one address in an hour without signing in (see <see cref="AccountMailThrottle"/>).</summary>
    [Range(1, 1000)]
    public int AccountMailsPerHour { get; set; } = 5;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpSettings
{
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public bool UseStartTls { get; set; } = true;
}
