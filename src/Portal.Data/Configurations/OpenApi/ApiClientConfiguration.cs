namespace Portal.Data.Configurations.OpenApi;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.Property(c => c.ClientId).HasMaxLength(10);
        builder.HasIndex(c => c.ClientId).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.CreatedByUserId).HasMaxLength(450);
        builder.HasMany(c => c.Secrets).WithOne(s => s.Client).HasForeignKey(s => s.ApiClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
