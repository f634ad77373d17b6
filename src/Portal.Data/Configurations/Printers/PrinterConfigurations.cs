namespace Portal.Data.Configurations.Printers;

internal sealed class PrinterAppConfiguration : IEntityTypeConfiguration<PrinterApp>
{
    public void Configure(EntityTypeBuilder<PrinterApp> builder)
    {
        builder.HasIndex(a => a.ClientId).IsUnique();
        // Tenants are never deleted while they hold apps: their printers' rows point at them.
        builder.HasIndex(a => a.TenantId);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PrinterConfiguration : IEntityTypeConfiguration<Printer>
{
    public void Configure(EntityTypeBuilder<Printer> builder)
    {
        builder.Property(p => p.Version).IsConcurrencyToken();
        // A printer belongs to one tenant per app: a second tenant's bind fails on this index, without anyone
        // reading the other tenant's row. Revoked rows keep their timeline and do not block a new binding.
        builder.HasIndex(p => new { p.AppId, p.MachineCode }).IsUnique().HasFilter("\"TokenState\" <> 4");
        // One physical printer, one company, whatever the app: at most one live row holds a terminal number. Rows the
        // migration found holding a printer a second time (HeldTwiceSince set) stay out of it until an operator resolves
        // them. A partial index both SQLite and PostgreSQL accept.
        builder.HasIndex(p => p.MachineCode).IsUnique().HasFilter("\"TokenState\" <> 4 AND \"HeldTwiceSince\" IS NULL")
            .HasDatabaseName("IX_Printers_Holder");
        // Who holds a terminal number, whatever the row's state (the partial index above answers only for holders).
        builder.HasIndex(p => p.MachineCode, "IX_Printers_MachineCode");
        // The list pages, sorts and filters inside one tenant: each sort key leads with TenantId and ends with the Id
        // tie-breaker, so a page is read in index order without sorting the tenant's whole set.
        builder.HasIndex(p => new { p.TenantId, p.Name, p.Id });
        builder.HasIndex(p => new { p.TenantId, p.MachineCode, p.Id });
        builder.HasIndex(p => new { p.TenantId, p.AccessExpiresAt, p.Id });
        builder.HasIndex(p => new { p.TenantId, p.TokenState });
        builder.HasIndex(p => new { p.TenantId, p.CreatedAt, p.Id });
        builder.HasIndex(p => new { p.TokenState, p.NextRefreshAt });
        builder.HasOne(p => p.App).WithMany().HasForeignKey(p => p.AppId).OnDelete(DeleteBehavior.Restrict);
        builder.BelongsToTenant();
    }
}

internal sealed class PrinterTokenEventConfiguration : IEntityTypeConfiguration<PrinterTokenEvent>
{
    public void Configure(EntityTypeBuilder<PrinterTokenEvent> builder)
    {
        builder.IsEventOf<PrinterTokenEvent, Printer>(e => e.PrinterId);
    }
}

internal sealed class PrinterSettingValueConfiguration : IEntityTypeConfiguration<PrinterSettingValue>
{
    public void Configure(EntityTypeBuilder<PrinterSettingValue> builder)
    {
        builder.HasIndex(v => new { v.TenantId, v.PrinterId, v.Setting }).IsUnique();
        builder.HasOne<Printer>().WithMany().HasForeignKey(v => v.PrinterId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PrinterAuthorizationConfiguration : IEntityTypeConfiguration<PrinterAuthorization>
{
    public void Configure(EntityTypeBuilder<PrinterAuthorization> builder)
    {
        builder.HasIndex(a => a.StateHash).IsUnique();
        builder.BelongsToTenant();
    }
}
