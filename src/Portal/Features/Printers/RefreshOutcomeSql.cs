using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Features.Printers;

/// <summary>
/// The statements that store a batch of refresh outcomes inside the caller's transaction: a printer row updated only
/// while it still carries its claim's lease, and inserts of timeline events and audit entries. Each statement's text is
/// the same for every row, so the engine prepares it once per batch, where SaveChanges builds and prepares a statement
/// per row from tracked entities. Table and column names, and how each value is stored (SQLite's DateTimeOffset ticks,
/// enums as numbers), come from the EF Core model, so the rows read back exactly as if SaveChanges had written them.
/// </summary>
internal sealed class RefreshOutcomeSql : IAsyncDisposable
{
    private readonly Statement _refreshed;
    private readonly Statement _failed;
    private readonly Statement _event;
    private readonly Statement _audit;

    private RefreshOutcomeSql(PortalDbContext db, DbTransaction transaction)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        _refreshed = Statement.Update<Printer>(db, sql, connection, transaction,
            nameof(Printer.ProtectedAccessToken), nameof(Printer.ProtectedRefreshToken), nameof(Printer.AccessExpiresAt),
            nameof(Printer.RefreshExpiresAt), nameof(Printer.LastRefreshAt), nameof(Printer.NextRefreshAt), nameof(Printer.TokenState),
            nameof(Printer.RefreshLeaseUntil), nameof(Printer.Version));
        _failed = Statement.Update<Printer>(db, sql, connection, transaction,
            nameof(Printer.TokenState), nameof(Printer.NextRefreshAt), nameof(Printer.RefreshLeaseUntil), nameof(Printer.Version));
        _event = Statement.Insert<PrinterTokenEvent>(db, sql, connection, transaction);
        _audit = Statement.Insert<AuditEntry>(db, sql, connection, transaction);
    }

    /// <summary>Opens the statements on <paramref name="db"/>'s connection, in <paramref name="transaction"/>.</summary>
    public static RefreshOutcomeSql Open(PortalDbContext db, IDbContextTransaction transaction) => new(db, transaction.GetDbTransaction());

    /// <summary>Stores a new pair (already encrypted) if the row still carries <paramref name="lease"/>; false if it lost it.</summary>
    public async Task<bool> RefreshedAsync(RefreshClaim claim, string protectedAccessToken, string protectedRefreshToken, DateTimeOffset accessExpiresAt,
        DateTimeOffset refreshExpiresAt, DateTimeOffset now, DateTimeOffset nextRefreshAt, CancellationToken cancellationToken) =>
        await _refreshed.ExecuteAsync(cancellationToken,
            protectedAccessToken, protectedRefreshToken, accessExpiresAt, refreshExpiresAt, now, nextRefreshAt, PrinterTokenState.Active, null, Guid.NewGuid(),
            claim.PrinterId, claim.TenantId, claim.Lease) == 1;

    /// <summary>Stores the state and retry time a failed refresh leaves, if the row still carries the claim's lease; false if it lost it.</summary>
    public async Task<bool> FailedAsync(RefreshClaim claim, PrinterTokenState state, DateTimeOffset? nextRefreshAt, CancellationToken cancellationToken) =>
        await _failed.ExecuteAsync(cancellationToken, state, nextRefreshAt, null, Guid.NewGuid(), claim.PrinterId, claim.TenantId, claim.Lease) == 1;

    public Task AddAsync(PrinterTokenEvent tokenEvent, CancellationToken cancellationToken) => _event.InsertAsync(tokenEvent, cancellationToken);

    public Task AddAsync(AuditEntry entry, CancellationToken cancellationToken) => _audit.InsertAsync(entry, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _refreshed.DisposeAsync();
        await _failed.DisposeAsync();
        await _event.DisposeAsync();
        await _audit.DisposeAsync();
    }

    /// <summary>One command and the model properties its parameters stand for, in order.</summary>
    private sealed class Statement(DbCommand command, IReadOnlyList<IProperty> parameters) : IAsyncDisposable
    {
        /// <summary>UPDATE the named columns WHERE Id, TenantId and Version match (parameters: the columns, then those three).</summary>
        public static Statement Update<T>(PortalDbContext db, ISqlGenerationHelper sql, DbConnection connection, DbTransaction transaction, params string[] columns)
        {
            var (entity, table) = Table<T>(db);
            IProperty[] where = [entity.FindProperty(nameof(Printer.Id))!, entity.FindProperty(nameof(Printer.TenantId))!, entity.FindProperty(nameof(Printer.Version))!];
            var set = columns.Select(c => entity.FindProperty(c)!).ToArray();
            var text = $"UPDATE {sql.DelimitIdentifier(table.Name, table.Schema)} SET "
                       + string.Join(", ", set.Select((p, i) => $"{Column(sql, p, table)} = @p{i}"))
                       + " WHERE " + string.Join(" AND ", where.Select((p, i) => $"{Column(sql, p, table)} = @p{set.Length + i}"));
            return new Statement(Create(connection, transaction, text), [.. set, .. where]);
        }

        /// <summary>INSERT every mapped column but the store-generated key (parameters: the entity's properties).</summary>
        public static Statement Insert<T>(PortalDbContext db, ISqlGenerationHelper sql, DbConnection connection, DbTransaction transaction)
        {
            var (entity, table) = Table<T>(db);
            var columns = entity.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.OnAdd).ToArray();
            var text = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ("
                       + string.Join(", ", columns.Select(p => Column(sql, p, table)))
                       + ") VALUES (" + string.Join(", ", columns.Select((_, i) => $"@p{i}")) + ")";
            return new Statement(Create(connection, transaction, text), columns);
        }

        public Task<int> ExecuteAsync(CancellationToken cancellationToken, params object?[] values)
        {
            command.Parameters.Clear();
            for (var i = 0; i < values.Length; i++)
            {
                // The type mapping converts the value as EF Core stores it and sets the engine's parameter type.
                command.Parameters.Add(parameters[i].GetRelationalTypeMapping().CreateParameter(command, $"p{i}", values[i], parameters[i].IsNullable));
            }

            return command.ExecuteNonQueryAsync(cancellationToken);
        }

        public Task InsertAsync(object entity, CancellationToken cancellationToken) =>
            ExecuteAsync(cancellationToken, [.. parameters.Select(p => p.GetGetter().GetClrValue(entity))]);

        public ValueTask DisposeAsync() => command.DisposeAsync();

        private static (IEntityType Entity, StoreObjectIdentifier Table) Table<T>(PortalDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(T))!;
            return (entity, StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema()));
        }

        private static string Column(ISqlGenerationHelper sql, IProperty property, StoreObjectIdentifier table) =>
            sql.DelimitIdentifier(property.GetColumnName(table)!);

        private static DbCommand Create(DbConnection connection, DbTransaction transaction, string text)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = text;
            return command;
        }
    }
}
