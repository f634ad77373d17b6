namespace Portal.Infrastructure.Email;

/// <summary>Delivers a finished message: over SMTP when configured, otherwise into the outbox folder.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default);
}
