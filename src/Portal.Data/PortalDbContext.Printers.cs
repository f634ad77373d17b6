namespace Portal.Data;

/// <summary>Printers (issue 4): the 易联云 apps, bound printers with their tokens, token events, pending authorizations and the device settings the portal last set.</summary>
public partial class PortalDbContext
{
    public DbSet<PrinterApp> PrinterApps => Set<PrinterApp>();

    public DbSet<Printer> Printers => Set<Printer>();

    public DbSet<PrinterTokenEvent> PrinterTokenEvents => Set<PrinterTokenEvent>();

    public DbSet<PrinterAuthorization> PrinterAuthorizations => Set<PrinterAuthorization>();

    public DbSet<PrinterSettingValue> PrinterSettingValues => Set<PrinterSettingValue>();
}
