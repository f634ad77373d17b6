namespace Portal.Features.Printers;

/// <summary>
/// At start-up (after the migrations): rows marked as holding a printer twice whose other holders are gone hold it
/// alone again, and every printer still held by more than one live row is reported as a warning, until an operator
/// settles it on the Printer health page. Terminal numbers are not secrets; companies are not named in the log.
/// </summary>
public sealed class HeldTwiceCheck(IDbContextFactory<PortalDbContext> dbFactory, ILogger<HeldTwiceCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await RunAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Returns the terminal numbers held more than once.</summary>
    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateCrossTenantAsync(cancellationToken);
        await OperatorPrinterHolds.ClearSettledAsync(db, cancellationToken);
        var machineCodes = (await OperatorPrinterHolds.HeldTwiceAsync(db, cancellationToken)).Select(r => r.MachineCode).Distinct().ToList();
        if (machineCodes.Count > 0)
        {
            logger.LogWarning("{Count} printer(s) are held by more than one company or app: {MachineCodes}. Settle them on the operators' Printer health page.",
                machineCodes.Count, string.Join(", ", machineCodes));
        }

        return machineCodes;
    }
}
