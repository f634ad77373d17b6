namespace Portal.Infrastructure.Common;

/// <summary>
/// One page of a list and how many rows match in all. Lists count at most a cap of rows so a page stays fast however
/// many there are; <see cref="TotalIsCapped"/> says the real total is higher than <see cref="TotalCount"/>.
/// </summary>
public sealed record CountedPage<TRow>(IReadOnlyList<TRow> Items, int TotalCount, bool TotalIsCapped)
{
    /// <param name="counted">What a count bounded at <paramref name="cap"/> + 1 returned.</param>
    public static CountedPage<TRow> Of(IReadOnlyList<TRow> items, int counted, int cap) => new(items, Math.Min(counted, cap), counted > cap);
}
