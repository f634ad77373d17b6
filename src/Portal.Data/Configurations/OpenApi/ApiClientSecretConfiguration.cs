namespace Portal.Data.Configurations.OpenApi;

internal sealed class ApiClientSecretConfiguration : IEntityTypeConfiguration<ApiClientSecret>
{
    public void Configure(EntityTypeBuilder<ApiClientSecret> builder)
    {
        builder.HasIndex(s => s.ApiClientId);
    }
}
