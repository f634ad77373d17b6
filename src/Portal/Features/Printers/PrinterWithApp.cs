namespace Portal.Features.Printers;

/// <summary>
/// A printer of a context's company read with its app, as every print and the token keeper read it: compiled once, so
/// a read costs a command and its rows, not a query's translation.
/// </summary>
/// <remarks>
/// The query names the company itself instead of leaving it to the tenant filter: the filter's operator switch is an
/// inlined constant, which makes EF Core write the SQL again on every run (measured: 26 KB and ~0.1 ms per read). The
/// company is always the context's own, so the rule the filter keeps holds here too.
/// </remarks>
public static class PrinterWithApp
{
    private static readonly CompiledPerModel<Func<PortalDbContext, Guid, Guid, CancellationToken, Task<Printer?>>> Read = new(() => EF.CompileAsyncQuery(
        (PortalDbContext db, Guid tenantId, Guid printerId, CancellationToken cancellationToken) =>
            db.Printers.IgnoreQueryFilters(new[] { PortalDbContext.TenantFilter }).AsNoTracking().Include(p => p.App)
                .SingleOrDefault(p => p.TenantId == tenantId && p.Id == printerId)));

    /// <summary>The printer, or null when <paramref name="db"/>'s company has none with that id.</summary>
    public static Task<Printer?> FindAsync(PortalDbContext db, Guid printerId, CancellationToken cancellationToken = default) =>
        db.TenantId is { } tenantId && !db.IsCrossTenant
            ? Read.For(db)(db, tenantId, printerId, cancellationToken)
            : throw new InvalidOperationException("A printer is read with its app on a context bound to its company.");

    /// <summary>The printer; throws when <paramref name="db"/>'s company has none with that id.</summary>
    public static async Task<Printer> GetAsync(PortalDbContext db, Guid printerId, CancellationToken cancellationToken = default) =>
        await FindAsync(db, printerId, cancellationToken) ?? throw new InvalidOperationException("The printer is not this company's.");
}
