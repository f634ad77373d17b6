using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace Portal.Data;

/// <summary>
/// EF Core's SQLite connection without the SQL functions the provider adds for decimal arithmetic and regular
/// expressions (<c>ef_add</c>, <c>ef_compare</c>, <c>regexp</c>, …). Microsoft.Data.Sqlite registers a connection's
/// functions again on every open, pooled or not, and the portal opens a connection several times per print: that was
/// about 4 KB and a few microseconds per open, for functions no query of the portal's model uses (it stores no decimal
/// and matches no regular expression in SQL; <c>ModelShapeTests</c> keeps it that way).
/// </summary>
#pragma warning disable EF1001 // The provider's connection is internal API: the one override here is kept small and tested.
internal sealed class SqliteConnectionWithoutFunctions(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    protected override DbConnection CreateDbConnection()
    {
        var connection = new SqliteConnection(GetValidatedConnectionString());
        if (CommandTimeout is { } timeout)
        {
            connection.DefaultTimeout = timeout;
        }

        return connection;
    }
}
#pragma warning restore EF1001
