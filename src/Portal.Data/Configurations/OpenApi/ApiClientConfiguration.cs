namespace Portal.Data.Configurations.OpenApi;

internal sealed class ApiClientConfiguration : IEntityTypeConfiguration<ApiClient>
{
    public void Configure(EntityTypeBuilder<ApiClient> builder)
    {
        builder.HasIndex(c => c.ClientId).IsUnique();
        builder.HasMany(c => c.Secrets).WithOne(s => s.Client).HasForeignKey(s => s.ApiClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
