namespace Portal.Infrastructure.Email;

/// <summary>
/// Writes each message as an .eml file, so a newcomer (and the browser tests) can open confirmation and invite links
/// from the Outbox page without a mail server. Nothing is dropped: a write failure surfaces to the caller.
/// </summary>
public sealed class OutboxMailTransport(Outbox outbox) : IMailTransport
{
    public Task SendAsync(MimeMessage message, CancellationToken cancellationToken = default) =>
        outbox.WriteAsync(message, cancellationToken);
}
