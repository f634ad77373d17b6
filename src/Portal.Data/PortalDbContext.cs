using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Data;

/// <summary>
/// Identity plus every tenant's data. A context is bound to at most one tenant (<see cref="TenantId"/>): each
/// <see cref="ITenantOwned"/> set is filtered by it, and saving another tenant's row throws. A context bound to no
/// tenant sees no tenant-owned rows at all. Only <see cref="TenantScope.CrossTenant"/> lifts both rules, and only the
/// operator path creates such a context.
/// </summary>
public class PortalDbContext(DbContextOptions<PortalDbContext> options) : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    /// <summary>The name of the tenant query filter, for the operator path's <c>IgnoreQueryFilters([...])</c>.</summary>
    public const string TenantFilter = "Tenant";

    // Read by the query filters each time a query runs, so one compiled model serves every tenant.
    private Guid _filterTenantId = Guid.Empty;

    public Guid? TenantId { get; private set; }

    public bool IsCrossTenant { get; private set; }

    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<Invitation> Invitations => Set<Invitation>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    // Printers: the 易联云 apps, bound printers with their tokens, token events, pending authorizations and the device
    // settings the portal last set.
    public DbSet<PrinterApp> PrinterApps => Set<PrinterApp>();

    public DbSet<Printer> Printers => Set<Printer>();

    public DbSet<PrinterTokenEvent> PrinterTokenEvents => Set<PrinterTokenEvent>();

    public DbSet<PrinterAuthorization> PrinterAuthorizations => Set<PrinterAuthorization>();

    public DbSet<PrinterSettingValue> PrinterSettingValues => Set<PrinterSettingValue>();

    // Printing: jobs with their history, receipt templates and the push callback inbox.
    public DbSet<PrintJob> PrintJobs => Set<PrintJob>();

    public DbSet<PrintJobEvent> PrintJobEvents => Set<PrintJobEvent>();

    public DbSet<ReceiptTemplate> ReceiptTemplates => Set<ReceiptTemplate>();

    public DbSet<PushRecord> PushRecords => Set<PushRecord>();

    // The open API (document 003): provider clients and their secrets, user tokens, auth codes and provider access.
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();

    public DbSet<ApiClientSecret> ApiClientSecrets => Set<ApiClientSecret>();

    public DbSet<UserApiToken> UserApiTokens => Set<UserApiToken>();

    public DbSet<ApiAuthCode> ApiAuthCodes => Set<ApiAuthCode>();

    public DbSet<ProviderAccess> ProviderAccesses => Set<ProviderAccess>();

    // The print API: companies' and operators' keys, and the idempotency keys their job requests used.
    public DbSet<PrintApiKey> PrintApiKeys => Set<PrintApiKey>();

    public DbSet<PrintApiIdempotencyKey> PrintApiIdempotencyKeys => Set<PrintApiIdempotencyKey>();

    // Webhooks: companies' endpoints, and the deliveries (outbox and log) written with the changes they report.
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    /// <summary>
    /// The Data Protection key ring, when the instances share it through the database (PostgreSQL; on SQLite the keys
    /// stay in the data folder). Encrypted at rest with <c>Portal:KeyCertificatePath</c>.
    /// </summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>Binds this fresh context to one tenant. Call before the first query.</summary>
    internal void BindTenant(Guid tenantId)
    {
        if (tenantId == Guid.Empty)
        {
            throw new ArgumentException("A tenant id is required.", nameof(tenantId));
        }

        TenantId = tenantId;
        _filterTenantId = tenantId;
    }

    /// <summary>Lets this context read and write every tenant's rows. Only <see cref="TenantScope"/> calls it.</summary>
    internal void AllowCrossTenant() => IsCrossTenant = true;

    // Contexts are pooled: one goes back to the pool on dispose and must come out again bound to no tenant.
    public override void Dispose()
    {
        ForgetTenant();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        ForgetTenant();
        return base.DisposeAsync();
    }

    private void ForgetTenant()
    {
        TenantId = null;
        IsCrossTenant = false;
        _filterTenantId = Guid.Empty;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset columns; store them as sortable UTC ticks there.
        // Every time the portal writes comes from TimeProvider.GetUtcNow(), so the offset is always zero.
        // PostgreSQL keeps them as timestamptz, which takes UTC only: any other offset is moved to UTC on the way in.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
        else if (Database.IsNpgsql())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);

        foreach (var entityType in builder.Model.GetEntityTypes()
                     .Where(t => typeof(ITenantOwned).IsAssignableFrom(t.ClrType) && t.BaseType is null))
        {
            typeof(PortalDbContext)
                .GetMethod(nameof(ApplyTenantFilter), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
                .MakeGenericMethod(entityType.ClrType)
                .Invoke(this, [builder]);
        }
    }

    private void ApplyTenantFilter<TEntity>(ModelBuilder builder)
        where TEntity : class, ITenantOwned
    {
        // The operator switch is inlined as a constant, so a tenant's SQL reads "TenantId = @t" (which the TenantId
        // indexes serve) and an operator's has no tenant condition; EF caches the two shapes separately.
        builder.Entity<TEntity>().HasQueryFilter(TenantFilter, e => EF.Constant(IsCrossTenant) || e.TenantId == _filterTenantId);
        builder.Entity<TEntity>().HasIndex(e => e.TenantId);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        EnforceTenantOnWrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        EnforceTenantOnWrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void EnforceTenantOnWrites()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }

            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty && TenantId is { } bound)
            {
                entry.Entity.TenantId = bound;
            }

            var original = entry.State == EntityState.Added
                ? entry.Entity.TenantId
                : entry.Property(e => e.TenantId).OriginalValue;
            EnsureWritable(original, entry.Metadata.ClrType.Name);
            EnsureWritable(entry.Entity.TenantId, entry.Metadata.ClrType.Name);
        }
    }

    /// <summary>
    /// The write rule, for SaveChanges and for statements that bypass it (<see cref="ModelStatement{T}"/>): a row of
    /// <paramref name="tenantId"/> may be written only by a context bound to that tenant, or by a cross-tenant one.
    /// </summary>
    public void EnsureWritable(Guid tenantId, string entityName)
    {
        if (!IsCrossTenant && (TenantId is null || tenantId != TenantId))
        {
            throw new TenantMismatchException(entityName);
        }
    }
}
