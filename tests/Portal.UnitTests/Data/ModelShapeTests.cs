namespace Portal.UnitTests.Data;

/// <summary>What the portal's model leaves out, because something else relies on its absence.</summary>
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
}
