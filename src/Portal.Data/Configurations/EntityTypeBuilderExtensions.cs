using System.Linq.Expressions;

namespace Portal.Data.Configurations;

/// <summary>
/// What several entity configurations say alike, said once. Column lengths are not here: each stands as
/// <c>[MaxLength]</c> on its entity property, so a column is named once.
/// </summary>
internal static class EntityTypeBuilderExtensions
{
    /// <summary>The row's <c>TenantId</c> points at its tenant, and the row is deleted with the tenant.</summary>
    /// <param name="navigation">The row's <see cref="Tenant"/> property, where it has one.</param>
    public static void BelongsToTenant<TEntity>(this EntityTypeBuilder<TEntity> builder, Expression<Func<TEntity, Tenant?>>? navigation = null)
        where TEntity : class, ITenantOwned =>
        builder.HasOne(navigation).WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Cascade);

    /// <summary>The row is one user's (<paramref name="userId"/>), and is deleted with the user.</summary>
    /// <param name="navigation">The row's <see cref="PortalUser"/> property, where it has one.</param>
    public static void BelongsToUser<TEntity>(this EntityTypeBuilder<TEntity> builder, Expression<Func<TEntity, object?>> userId,
        Expression<Func<TEntity, PortalUser?>>? navigation = null)
        where TEntity : class =>
        builder.HasOne(navigation).WithMany().HasForeignKey(userId).OnDelete(DeleteBehavior.Cascade);

    /// <summary>
    /// An entry of one <typeparamref name="TSubject"/>'s timeline (a printer's tokens, a job's history): read in time
    /// order per subject inside a tenant, and deleted with its subject.
    /// </summary>
    public static void IsEventOf<TEvent, TSubject>(this EntityTypeBuilder<TEvent> builder, Expression<Func<TEvent, Guid>> subjectId)
        where TEvent : TenantEvent
        where TSubject : class
    {
        var subject = ((MemberExpression)subjectId.Body).Member.Name;
        builder.Property(e => e.Detail).HasMaxLength(500);
        builder.HasIndex(nameof(TenantEvent.TenantId), subject, nameof(TenantEvent.At));
        builder.HasOne<TSubject>().WithMany().HasForeignKey(subject).OnDelete(DeleteBehavior.Cascade);
    }
}
