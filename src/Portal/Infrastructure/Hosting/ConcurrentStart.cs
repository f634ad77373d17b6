namespace Portal.Infrastructure.Hosting;

/// <summary>
/// Start-up work that writes rows every instance would write (the configured apps, the document's examples). Instances
/// started together on one database race to insert them; the unique indexes let one win, and the losers run the work
/// again, now finding the winner's rows to leave or update.
/// </summary>
public static class ConcurrentStart
{
    /// <summary>More instances than this starting in the same second is not a deployment the portal expects.</summary>
    private const int Attempts = 5;

    public static async Task WriteAsync(Func<Task> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await write();
                return;
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                // Another instance inserted one of these rows first.
            }
        }
    }
}
