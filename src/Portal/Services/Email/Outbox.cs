using MimeKit;

namespace Portal.Services.Email;

/// <summary>The folder of written messages, newest first.</summary>
public sealed class Outbox(string folder, TimeProvider timeProvider)
{
    // Orders messages written within the same millisecond; names sort by time, then by this sequence.
    private long _sequence;

    public sealed record Entry(string Id, DateTimeOffset Date, string To, string Subject, string HtmlBody);

    public async Task WriteAsync(MimeMessage message, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        var sequence = Interlocked.Increment(ref _sequence);
        var name = $"{timeProvider.GetUtcNow():yyyyMMddHHmmssfff}-{sequence:D10}-{Guid.NewGuid():N}.eml";
        await message.WriteToAsync(Path.Combine(folder, name), cancellationToken);
    }

    public async Task<IReadOnlyList<Entry>> ListAsync(int take, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var entries = new List<Entry>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.eml").OrderDescending().Take(take))
        {
            var message = await MimeMessage.LoadAsync(file, cancellationToken);
            entries.Add(new Entry(Path.GetFileNameWithoutExtension(file), message.Date, message.To.ToString(),
                message.Subject ?? "", message.HtmlBody ?? System.Net.WebUtility.HtmlEncode(message.TextBody ?? "")));
        }

        return entries;
    }
}
