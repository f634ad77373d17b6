using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Data;

/// <summary>
/// One SQL statement for a hot write path, run on a context's connection inside its current transaction. Its text is
/// the same for every row, so the engine prepares it once for as long as the statement lives (a batch, or several
/// transactions on a connection kept open), where SaveChanges builds and prepares a command per tracked row. Table and
/// column names, and how each value is stored (SQLite's DateTimeOffset ticks, enums as numbers), come from the EF Core
/// model, so rows written here read back exactly as if SaveChanges had written them.
/// </summary>
/// <remarks>
/// The context's tenant rule holds here too: a tenant-owned row is inserted, and a tenant-owned row is updated (by its
/// <c>TenantId</c> condition), only for the tenant the context is bound to. An engine error on a write is raised as
/// <see cref="DbUpdateException"/>, as SaveChanges raises it.
/// </remarks>
public sealed class ModelStatement<T> : IAsyncDisposable
    where T : class
{
    /// <summary>Each statement's text and parameters, built once per model (SQLite's and PostgreSQL's differ).</summary>
    private static readonly ConcurrentDictionary<(IModel Model, string Key), Shape> Shapes = new();

    private readonly PortalDbContext _db;
    private readonly DbCommand _command;
    private readonly Shape _shape;

    /// <summary>Made on the context's open connection; it runs in the transaction the context holds at each run, so it can outlive one.</summary>
    private ModelStatement(PortalDbContext db, Shape shape)
    {
        _db = db;
        _shape = shape;
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            throw new InvalidOperationException("A statement is made on the context's open connection.");
        }

        _command = connection.CreateCommand();
        _command.CommandText = shape.Text;
    }

    /// <summary>INSERT of every mapped column but an identity key (a Guid key is the caller's to set, as SaveChanges would).</summary>
    public static ModelStatement<T> Insert(PortalDbContext db) => new(db, Shapes.GetOrAdd((db.Model, "insert"), static (_, db) =>
    {
        var (entity, table, sql) = Describe(db);
        var columns = entity.GetProperties().Where(p => !IsIdentity(p)).ToArray();
        var text = $"INSERT INTO {Table(sql, table)} ("
                   + string.Join(", ", columns.Select(p => Column(sql, p, table)))
                   + ") VALUES (" + string.Join(", ", columns.Select((_, i) => $"@p{i}")) + ")";
        return new Shape(text, columns, writes: true);
    }, db));

    /// <summary>UPDATE of the <paramref name="set"/> columns where each <paramref name="where"/> column equals its value (parameters: set, then where).</summary>
    public static ModelStatement<T> Update(PortalDbContext db, string[] set, string[] where) =>
        new(db, Shapes.GetOrAdd((db.Model, $"update {string.Join(',', set)} where {string.Join(',', where)}"), static (_, arg) =>
        {
            var (db, set, where) = arg;
            var (entity, table, sql) = Describe(db);
            var assigned = set.Select(c => Property(entity, c)).ToArray();
            var matched = where.Select(c => Property(entity, c)).ToArray();
            var text = $"UPDATE {Table(sql, table)} SET "
                       + string.Join(", ", assigned.Select((p, i) => $"{Column(sql, p, table)} = @p{i}"))
                       + " WHERE " + string.Join(" AND ", matched.Select((p, i) => $"{Column(sql, p, table)} = @p{assigned.Length + i}"));
            return new Shape(text, [.. assigned, .. matched], writes: true);
        }, (db, set, where)));

    /// <summary>
    /// Whether a row exists where each <paramref name="equal"/> column equals its value and each <paramref name="unequal"/>
    /// column differs from it (parameters: equal, then unequal). It reads across tenants: the caller answers yes or no only.
    /// </summary>
    public static ModelStatement<T> Exists(PortalDbContext db, string[] equal, string[] unequal) =>
        new(db, Shapes.GetOrAdd((db.Model, $"exists {string.Join(',', equal)} except {string.Join(',', unequal)}"), static (_, arg) =>
        {
            var (db, equal, unequal) = arg;
            var (entity, table, sql) = Describe(db);
            var same = equal.Select(c => Property(entity, c)).ToArray();
            var other = unequal.Select(c => Property(entity, c)).ToArray();
            var conditions = same.Select((p, i) => $"{Column(sql, p, table)} = @p{i}")
                .Concat(other.Select((p, i) => $"{Column(sql, p, table)} <> @p{same.Length + i}"));
            var text = $"SELECT EXISTS (SELECT 1 FROM {Table(sql, table)} WHERE {string.Join(" AND ", conditions)})";
            return new Shape(text, [.. same, .. other], writes: false);
        }, (db, equal, unequal)));

    /// <summary>Inserts <paramref name="row"/> (an <see cref="Insert"/> statement).</summary>
    public Task InsertAsync(T row, CancellationToken cancellationToken = default)
    {
        var values = new object?[_shape.Parameters.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _shape.Parameters[i].GetGetter().GetClrValue(row);
            if (values[i] is Guid id && id == Guid.Empty && _shape.Parameters[i].IsPrimaryKey())
            {
                throw new InvalidOperationException($"A {typeof(T).Name} is inserted with its key set.");
            }
        }

        return ExecuteAsync(cancellationToken, values);
    }

    /// <summary>Runs the statement with <paramref name="values"/> in parameter order; the count of rows it changed.</summary>
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken, params object?[] values)
    {
        Bind(values);
        try
        {
            return await _command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (DbException e)
        {
            throw new DbUpdateException($"Writing a {typeof(T).Name} failed: {e.Message}", e);
        }
    }

    /// <summary>Runs an <see cref="Exists"/> statement with <paramref name="values"/> in parameter order.</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken, params object?[] values)
    {
        Bind(values);
        // SQLite answers 0 or 1, PostgreSQL a boolean.
        return Convert.ToBoolean(await _command.ExecuteScalarAsync(cancellationToken));
    }

    public ValueTask DisposeAsync() => _command.DisposeAsync();

    private void Bind(object?[] values)
    {
        if (values.Length != _shape.Parameters.Length)
        {
            throw new ArgumentException($"The statement takes {_shape.Parameters.Length} values.", nameof(values));
        }

        if (_shape.TenantAt >= 0)
        {
            _db.EnsureWritable((Guid)values[_shape.TenantAt]!, typeof(T).Name);
        }

        _command.Transaction = _db.Database.CurrentTransaction?.GetDbTransaction()
                               ?? throw new InvalidOperationException("A statement runs inside the context's transaction.");

        _command.Parameters.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            // The type mapping converts the value as EF Core stores it and sets the engine's parameter type.
            _command.Parameters.Add(_shape.Mappings[i].CreateParameter(_command, _shape.Names[i], values[i], _shape.Parameters[i].IsNullable));
        }
    }

    /// <summary>A statement's text, the model properties its parameters stand for (in order), and where the row's tenant is among them.</summary>
    private sealed class Shape
    {
        public Shape(string text, IProperty[] parameters, bool writes)
        {
            Text = text;
            Parameters = parameters;
            Mappings = [.. parameters.Select(p => p.GetRelationalTypeMapping())];
            Names = [.. parameters.Select((_, i) => $"p{i}")];
            var tenantOwned = typeof(ITenantOwned).IsAssignableFrom(typeof(T));
            TenantAt = writes && tenantOwned ? Array.FindIndex(parameters, p => p.Name == nameof(ITenantOwned.TenantId)) : -1;
            if (writes && tenantOwned && TenantAt < 0)
            {
                throw new InvalidOperationException($"A statement that writes {typeof(T).Name} must name its TenantId.");
            }
        }

        public string Text { get; }

        public IProperty[] Parameters { get; }

        public RelationalTypeMapping[] Mappings { get; }

        public string[] Names { get; }

        /// <summary>-1 for a read, or a row that belongs to no tenant.</summary>
        public int TenantAt { get; }
    }

    private static (IEntityType Entity, StoreObjectIdentifier Table, ISqlGenerationHelper Sql) Describe(PortalDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        return (entity, StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()), db.GetService<ISqlGenerationHelper>());
    }

    /// <summary>An integer key the engine numbers; EF Core generates Guid keys on the client, so those are written.</summary>
    private static bool IsIdentity(IProperty property) =>
        property.ValueGenerated == ValueGenerated.OnAdd && property.IsKey() && (property.ClrType == typeof(long) || property.ClrType == typeof(int));

    private static IProperty Property(IEntityType entity, string name) =>
        entity.FindProperty(name) ?? throw new InvalidOperationException($"{entity.ClrType.Name} has no property {name}.");

    private static string Table(ISqlGenerationHelper sql, StoreObjectIdentifier table) => sql.DelimitIdentifier(table.Name, table.Schema);

    private static string Column(ISqlGenerationHelper sql, IProperty property, StoreObjectIdentifier table) =>
        sql.DelimitIdentifier(property.GetColumnName(table)!);
}
