using Portal.Features.Printers;
using Portal.UnitTests.Features.Printers;

namespace Portal.UnitTests.Data;

/// <summary>What the portal's model leaves out, because something else relies on its absence, and its two engines' models side by side.</summary>
public sealed class ModelShapeTests
{
    [Fact]
    public async Task No_property_is_a_decimal_so_sqlite_needs_none_of_efs_decimal_functions()
    {
        // SqliteConnectionWithoutFunctions drops ef_add, ef_compare and the like, which only decimal columns use.
        await using var harness = await ServiceHarness.CreateOnAsync(DatabaseProvider.Sqlite);
        await using var db = await harness.DbFactory.CreateDbContextAsync();

        var decimals = db.Model.GetEntityTypes()
            .SelectMany(e => e.GetProperties().Select(p => (Entity: e.ClrType.Name, Property: p)))
            .Where(x => Nullable.GetUnderlyingType(x.Property.ClrType) == typeof(decimal) || x.Property.ClrType == typeof(decimal))
            .Select(x => $"{x.Entity}.{x.Property.Name}");

        Assert.Empty(decimals);
    }

    [PostgresFact]
    public async Task The_compiled_queries_serve_both_engines_in_one_process()
    {
        // EF Core binds a compiled query to the first model it meets; the caller's and the printer's reads keep one per model.
        foreach (var provider in new[] { DatabaseProvider.Sqlite, DatabaseProvider.Postgres, DatabaseProvider.Sqlite })
        {
            await using var harness = await ServiceHarness.CreateOnAsync(provider);
            var (owner, tenantId) = await harness.AddAlphaAsync();
            harness.SignIn(owner);

            var caller = await harness.Get<CallerAccessor>().GetAsync();

            Assert.Equal(tenantId, caller?.TenantId);
            await using var db = await harness.DbFactory.CreateForTenantAsync(tenantId);
            Assert.Null(await PrinterWithApp.FindAsync(db, Guid.NewGuid()));
        }
    }
}
