using Portal.Data.Entities.Webhooks;

namespace Portal.Data.Configurations.Webhooks;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> builder)
    {
        builder.HasIndex(e => new { e.TenantId, e.CreatedAt });
        builder.BelongsToTenant();
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.Property(d => d.Version).IsConcurrencyToken();
        // The dispatcher's query: due pending rows, oldest first.
        builder.HasIndex(d => new { d.State, d.NextAttemptAt });
        // An endpoint's log, newest first.
        builder.HasIndex(d => new { d.TenantId, d.EndpointId, d.CreatedAt });
        builder.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.BelongsToTenant();
    }
}
