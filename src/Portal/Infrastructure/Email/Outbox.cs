namespace Portal.Infrastructure.Email;

/// <summary>The folder of written messages, newest first.</summary>
public sealed class Outbox(string folder, TimeProvider timeProvider)
{
    // Orders messages written within the same millisecond; names sort by time, then by this sequence.
    private long _sequence;

    public sealed record Entry(string Id, DateTimeOffset Date, string To, IReadOnlyList<string> Recipients, string Subject, string HtmlBody)
    {
        public bool IsAddressedTo(string address) => Recipients.Contains(address.Trim(), StringComparer.OrdinalIgnoreCase);
    }

    public async Task WriteAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var sequence = Interlocked.Increment(ref _sequence);
        var name = $"{timeProvider.GetUtcNow():yyyyMMddHHmmssfff}-{sequence:D10}-{Guid.NewGuid():N}.eml";
        await message.WriteToAsync(Path.Combine(folder, name), cancellationToken);
    }

    /// <summary>The newest <paramref name="take"/> messages, or those of them addressed to <paramref name="recipient"/> (among the newest 2,000).</summary>
    public async Task<IReadOnlyList<Entry>> ListAsync(int take, string? recipient = null, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var entries = new List<Entry>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml").OrderDescending().Take(recipient is null ? take : 2_000))
        {
            var message = await MimeMessage.LoadAsync(file, cancellationToken);
            var entry = new Entry(Path.GetFileNameWithoutExtension(file), message.Date, message.To.ToString(),
                message.To.Mailboxes.Select(m => m.Address).ToList(),
                message.Subject ?? "", message.HtmlBody ?? System.Net.WebUtility.HtmlEncode(message.TextBody ?? ""));
            if (recipient is null || entry.IsAddressedTo(recipient))
            {
                entries.Add(entry);
            }

            if (entries.Count == take)
            {
                break;
            }
        }

        return entries;
    }
}
