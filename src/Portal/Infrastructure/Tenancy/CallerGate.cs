namespace Portal.Infrastructure.Tenancy;

/// <summary>
/// The one check every service operation goes through before it reads or writes anything: who is calling (read
/// afresh for each operation, so a removed member or a disabled company loses access at once), the company they act
/// for, and whether their role there, or their being a platform operator, allows the operation. The operation then
/// reads through a tenant-filtered context (<c>CreateForTenantAsync</c>), so it sees that company's rows only, and
/// everything it logs carries the company's id (<see cref="CompanyLogScope"/>).
/// </summary>
public sealed class CallerGate(CallerAccessor callers, IStringLocalizer<CallerGate> L, ILogger<CallerGate> logger)
{
    /// <summary>Runs <paramref name="operation"/> for any member of the caller's current company.</summary>
    public Task<ServiceResult<T>> InCompanyAsync<T>(Func<Caller, Guid, Task<ServiceResult<T>>> operation, CancellationToken cancellationToken) =>
        InCompanyAsync(TenantRole.Member, "", operation, cancellationToken);

    /// <summary>
    /// Runs <paramref name="operation"/> when the caller holds at least <paramref name="least"/> in their current
    /// company; otherwise answers <paramref name="refusal"/>, which says what the role may not do.
    /// </summary>
    public async Task<ServiceResult<T>> InCompanyAsync<T>(TenantRole least, string refusal, Func<Caller, Guid, Task<ServiceResult<T>>> operation,
        CancellationToken cancellationToken)
    {
        var (caller, no) = await CompanyRefusalAsync(least, refusal, cancellationToken);
        if (no is not null)
        {
            return ServiceResult<T>.Fail(no);
        }

        using (logger.BeginCompanyScope(caller!.TenantId!.Value))
        {
            return await operation(caller, caller.TenantId.Value);
        }
    }

    /// <inheritdoc cref="InCompanyAsync{T}(Func{Caller, Guid, Task{ServiceResult{T}}}, CancellationToken)"/>
    public Task<ServiceResult> InCompanyAsync(Func<Caller, Guid, Task<ServiceResult>> operation, CancellationToken cancellationToken) =>
        InCompanyAsync(TenantRole.Member, "", operation, cancellationToken);

    /// <inheritdoc cref="InCompanyAsync{T}(TenantRole, string, Func{Caller, Guid, Task{ServiceResult{T}}}, CancellationToken)"/>
    public async Task<ServiceResult> InCompanyAsync(TenantRole least, string refusal, Func<Caller, Guid, Task<ServiceResult>> operation,
        CancellationToken cancellationToken)
    {
        var (caller, no) = await CompanyRefusalAsync(least, refusal, cancellationToken);
        if (no is not null)
        {
            return ServiceResult.Fail(no);
        }

        using (logger.BeginCompanyScope(caller!.TenantId!.Value))
        {
            return await operation(caller, caller.TenantId.Value);
        }
    }

    /// <summary>Runs <paramref name="operation"/> for a platform operator; anyone else is refused.</summary>
    public async Task<ServiceResult<T>> AsOperatorAsync<T>(Func<Caller, Task<ServiceResult<T>>> operation, CancellationToken cancellationToken) =>
        await OperatorAsync(cancellationToken) is { } caller ? await operation(caller) : ServiceResult<T>.Fail(OperatorsOnly);

    /// <inheritdoc cref="AsOperatorAsync{T}(Func{Caller, Task{ServiceResult{T}}}, CancellationToken)"/>
    public async Task<ServiceResult> AsOperatorAsync(Func<Caller, Task<ServiceResult>> operation, CancellationToken cancellationToken) =>
        await OperatorAsync(cancellationToken) is { } caller ? await operation(caller) : ServiceResult.Fail(OperatorsOnly);

    /// <summary>The caller when they are a platform operator, else null (for queries that answer nothing rather than an error).</summary>
    public async Task<Caller?> OperatorAsync(CancellationToken cancellationToken) =>
        await callers.GetAsync(cancellationToken) is { IsOperator: true } caller ? caller : null;

    /// <summary>The signed-in caller, with or without a company, or null.</summary>
    public Task<Caller?> SignedInAsync(CancellationToken cancellationToken) => callers.GetAsync(cancellationToken);

    public string OperatorsOnly => L["Only platform operators can do this."];

    public string NoCompany => L["Create or join a company first."];

    private async Task<(Caller? Caller, string? Refusal)> CompanyRefusalAsync(TenantRole least, string refusal, CancellationToken cancellationToken)
    {
        var caller = await callers.GetAsync(cancellationToken);
        if (caller?.TenantId is null)
        {
            return (null, NoCompany);
        }

        return caller.Holds(least) ? (caller, null) : (null, refusal);
    }
}
