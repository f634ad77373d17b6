namespace Portal.Data.Configurations.OpenApi;

internal sealed class ApiClientSecretConfiguration : IEntityTypeConfiguration<ApiClientSecret>
{
    public void Configure(EntityTypeBuilder<ApiClientSecret> builder)
    {
        builder.Property(s => s.SecretHash).HasMaxLength(32);
        builder.HasIndex(s => s.ApiClientId);
    }
}
