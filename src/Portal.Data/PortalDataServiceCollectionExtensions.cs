namespace Portal.Data;

public static class PortalDataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the context factory (one short context per operation, as Blazor Server circuits need) over SQLite.
    /// The scoped context it also registers serves ASP.NET Core Identity's stores only. Connections run in WAL mode.
    /// </summary>
    /// <param name="interceptors">More EF Core interceptors (tests use one to stage a race at a chosen moment).</param>
    public static IServiceCollection AddPortalData(this IServiceCollection services, string connectionString, params IInterceptor[] interceptors) =>
        services.AddPortalData(new PortalDatabase(DatabaseProvider.Sqlite, connectionString), interceptors);

    /// <summary>
    /// Registers the context factory over <paramref name="database"/>'s engine: SQLite (WAL mode, see
    /// <see cref="SqlitePragmas"/>) or PostgreSQL (Npgsql's connection pool).
    /// </summary>
    /// <inheritdoc cref="AddPortalData(IServiceCollection, string, IInterceptor[])"/>
    public static IServiceCollection AddPortalData(this IServiceCollection services, PortalDatabase database, params IInterceptor[] interceptors)
    {
        services.AddPortalIdentityStoreOptions();
        services.AddSingleton(database);
        // Pooled: a fresh context costs ~50 KB and a quarter of a millisecond to set up before its first query, and a
        // print submission uses several. PortalDbContext forgets its tenant binding when it goes back to the pool.
        services.AddPooledDbContextFactory<PortalDbContext>(options => database.Configure(options, interceptors));
        // Identity's stores take the context itself: one pooled context per request scope.
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext());
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            services.AddSingleton<SqliteCheckpointer>();
            services.AddHostedService(provider => provider.GetRequiredService<SqliteCheckpointer>());
        }

        return services;
    }

    /// <summary>The Identity schema the model is built with: version 3 adds the passkeys table.</summary>
    public static IServiceCollection AddPortalIdentityStoreOptions(this IServiceCollection services) =>
        services.Configure<IdentityOptions>(options => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3);
}
