namespace Portal.Features.Printers;

/// <summary>
/// A printer of a context's company read with its app, as every print and the token keeper read it: compiled once, so
/// a read costs a command and its rows, not a query's translation. The tenant filter's operator switch is fixed when a
/// query compiles, so it runs on company-bound contexts only.
/// </summary>
public static class PrinterWithApp
{
    private static readonly Func<PortalDbContext, Guid, CancellationToken, Task<Printer?>> Read = EF.CompileAsyncQuery(
        (PortalDbContext db, Guid printerId, CancellationToken cancellationToken) =>
            db.Printers.AsNoTracking().Include(p => p.App).SingleOrDefault(p => p.Id == printerId));

    /// <summary>The printer, or null when <paramref name="db"/>'s company has none with that id.</summary>
    public static Task<Printer?> FindAsync(PortalDbContext db, Guid printerId, CancellationToken cancellationToken = default) =>
        db.IsCrossTenant || db.TenantId is null
            ? throw new InvalidOperationException("The compiled printer read runs on a company-bound context.")
            : Read(db, printerId, cancellationToken);

    /// <summary>The printer; throws when <paramref name="db"/>'s company has none with that id.</summary>
    public static async Task<Printer> GetAsync(PortalDbContext db, Guid printerId, CancellationToken cancellationToken = default) =>
        await FindAsync(db, printerId, cancellationToken) ?? throw new InvalidOperationException("The printer is not this company's.");
}
