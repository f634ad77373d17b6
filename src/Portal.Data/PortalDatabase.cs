using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Data;

/// <summary>The database engines the portal runs on: SQLite (the default, one file) or PostgreSQL (several instances).</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Which engine and where: <c>Database:Provider</c> and <c>ConnectionStrings:Portal</c>. Each engine keeps its own
/// migrations, as EF Core asks when one context serves several providers: SQLite's in this assembly, PostgreSQL's in
/// <see cref="PostgresMigrationsAssembly"/>.
/// </summary>
public sealed record PortalDatabase(DatabaseProvider Provider, string ConnectionString)
{
    /// <summary>The configuration key naming the provider.</summary>
    public const string ProviderKey = "Database:Provider";

    /// <summary>The assembly holding the PostgreSQL migrations (it references this one, so it is named, not referenced).</summary>
    public const string PostgresMigrationsAssembly = "Portal.Data.Postgres";

    /// <summary>Reads a provider name, case-insensitively; blank means SQLite.</summary>
    public static DatabaseProvider ParseProvider(string? name) =>
        string.IsNullOrWhiteSpace(name) ? DatabaseProvider.Sqlite
        : Enum.TryParse<DatabaseProvider>(name.Trim(), ignoreCase: true, out var provider) && Enum.IsDefined(provider) ? provider
        : name.Trim().Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) || name.Trim().Equals("Npgsql", StringComparison.OrdinalIgnoreCase)
            ? DatabaseProvider.Postgres
            : throw new InvalidOperationException($"{ProviderKey} must be Sqlite or Postgres, not '{name}'.");

    /// <summary>
    /// What is wrong with a provider name and connection string, in one line naming the settings (never the connection
    /// string, which may hold a password); null when they are usable.
    /// </summary>
    public static string? Problem(string? providerName, string? connectionString)
    {
        DatabaseProvider provider;
        try
        {
            provider = ParseProvider(providerName);
        }
        catch (InvalidOperationException)
        {
            return $"{ProviderKey} is '{providerName}': use Sqlite (the default) or Postgres.";
        }

        if (provider != DatabaseProvider.Postgres)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return $"{ProviderKey} is Postgres but ConnectionStrings:Portal is not set: give the database's connection string, e.g. ConnectionStrings__Portal=\"Host=db.internal;Database=portal;Username=portal;Password=…\".";
        }

        try
        {
            _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (ArgumentException)
        {
            return "ConnectionStrings:Portal is not a PostgreSQL connection string (Host=…;Database=…;Username=…;Password=…).";
        }
    }

    /// <summary>Points <paramref name="options"/> at this database, with the engine's own migrations and settings.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, params IInterceptor[] interceptors)
    {
        switch (Provider)
        {
            case DatabaseProvider.Postgres:
                options.UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsAssembly(PostgresMigrationsAssembly));
                options.AddInterceptors(interceptors);
                break;
            default:
                options.UseSqlite(ConnectionString);
#pragma warning disable EF1001 // See SqliteConnectionWithoutFunctions.
                options.ReplaceService<ISqliteRelationalConnection, SqliteConnectionWithoutFunctions>();
#pragma warning restore EF1001
                options.AddInterceptors([new SqlitePragmas(), .. interceptors]);
                break;
        }

        return options;
    }
}

/// <summary>
/// PostgreSQL's <c>timestamptz</c> takes only UTC offsets. The portal writes times from <c>TimeProvider.GetUtcNow()</c>,
/// but a page may compare with a date picked in the server's zone (a job list's "from"): it is moved to UTC on the way
/// in, the same instant, as SQLite's tick converter does.
/// </summary>
internal sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v);
