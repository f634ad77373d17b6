namespace Portal.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> builder)
    {
        builder.Property(u => u.TrueName).HasMaxLength(50);
        builder.Property(u => u.AvatarUrl).HasMaxLength(512);
        builder.Property(u => u.Status).HasMaxLength(32);
        builder.HasIndex(u => u.FirstOperatorSeat).IsUnique();
    }
}
