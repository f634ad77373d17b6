namespace Portal.Features.Companies;

public sealed record InvitationRow(Guid Id, string Email, TenantRole Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, bool Expired);

/// <summary>What an invite link leads to, shown before the invitee accepts.</summary>
public sealed record InvitationPreview(string CompanyName, string Email, TenantRole Role);

/// <summary>
/// Email invitations. The link carries a random token; only its SHA-256 is stored, so a database reader cannot
/// accept anyone's invitation. A link is bound to the invited email address and works once.
/// </summary>
public sealed class InvitationService(
    CallerGate gate,
    IDbContextFactory<PortalDbContext> dbFactory,
    PortalMailer mailer,
    AuditLog audit,
    TimeProvider timeProvider,
    IOptions<PortalOptions> options,
    IStringLocalizer<InvitationService> L)
{
    /// <param name="acceptUrlBase">The absolute URL of the accept page; the token is appended as <c>?token=</c>.</param>
    public Task<ServiceResult> InviteAsync(string email, TenantRole role, string acceptUrlBase, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            if (!MemberService.MayManage(caller, role))
            {
                return ServiceResult.Fail(caller.Holds(TenantRole.Admin)
                    ? L["Only an Owner can invite another Owner."]
                    : L["Only an Owner or Admin can invite members."]);
            }

            email = email.Trim();
            if (!new EmailAddressAttribute().IsValid(email) || email.Length > 256)
            {
                return ServiceResult.Fail(L["Enter a valid email address."]);
            }

            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var normalizedEmail = email.ToUpperInvariant();
            if (await db.Memberships.AnyAsync(m => m.User!.NormalizedEmail == normalizedEmail, cancellationToken))
            {
                return ServiceResult.Fail(L["{0} is already a member of this company.", email]);
            }

            // A new invitation to the same address replaces the pending one, so only the newest link works.
            var now = timeProvider.GetUtcNow();
            await db.Invitations
                .Where(i => i.Email.ToUpper() == normalizedEmail && i.AcceptedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(i => i.SetProperty(x => x.RevokedAt, now), cancellationToken);

            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            db.Invitations.Add(new Invitation
            {
                Id = Guid.CreateVersion7(),
                TenantId = tenantId,
                Email = email,
                Role = role,
                TokenHash = Hash(token),
                InvitedByUserId = caller.UserId,
                CreatedAt = now,
                ExpiresAt = now.AddHours(options.Value.InvitationLifetimeHours),
            });
            audit.Record(db, tenantId, caller, "member.invited", email, AuditDetail.Of("{0}", AuditDetail.Word(role.ToString())));
            await db.SaveChangesAsync(cancellationToken);

            await mailer.SendInvitationAsync(email, caller.TenantName!, caller.DisplayName, $"{acceptUrlBase}?token={token}");
            return ServiceResult.Ok();
        }, cancellationToken);

    public Task<ServiceResult<IReadOnlyList<InvitationRow>>> ListPendingAsync(CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var now = timeProvider.GetUtcNow();
            var rows = await db.Invitations.AsNoTracking()
                .Where(i => i.AcceptedAt == null && i.RevokedAt == null)
                .OrderByDescending(i => i.CreatedAt)
                .Select(i => new InvitationRow(i.Id, i.Email, i.Role, i.CreatedAt, i.ExpiresAt, i.ExpiresAt <= now))
                .ToListAsync(cancellationToken);
            return ServiceResult<IReadOnlyList<InvitationRow>>.Ok(rows);
        }, cancellationToken);

    public Task<ServiceResult> RevokeAsync(Guid invitationId, CancellationToken cancellationToken = default) =>
        gate.InCompanyAsync(TenantRole.Admin, L["Only an Owner or Admin can invite members."], async (caller, tenantId) =>
        {
            await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
            var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.AcceptedAt == null && i.RevokedAt == null, cancellationToken);
            if (invitation is null)
            {
                return ServiceResult.Fail(L["That invitation was not found, or was already used."]);
            }

            invitation.RevokedAt = timeProvider.GetUtcNow();
            audit.Record(db, tenantId, caller, "member.invitation-revoked", invitation.Email);
            await db.SaveChangesAsync(cancellationToken);
            return ServiceResult.Ok();
        }, cancellationToken);

    /// <summary>What the link offers, or why it can no longer be used. Needs no sign-in.</summary>
    public async Task<ServiceResult<InvitationPreview>> PreviewAsync(string? token, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (invitation, error) = await FindUsableAsync(db, token, cancellationToken);
        return invitation is null
            ? ServiceResult<InvitationPreview>.Fail(error!)
            : ServiceResult<InvitationPreview>.Ok(new InvitationPreview(invitation.Tenant!.CompanyName, invitation.Email, invitation.Role));
    }

    /// <summary>Joins the signed-in user to the invitation's company, if the link is theirs and still usable.</summary>
    public async Task<ServiceResult<Guid>> AcceptAsync(string? token, CancellationToken cancellationToken = default)
    {
        var caller = await gate.SignedInAsync(cancellationToken);
        if (caller is null)
        {
            return ServiceResult<Guid>.Fail(L["Please sign in first."]);
        }

        Guid tenantId;
        await using (var lookup = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var (found, error) = await FindUsableAsync(lookup, token, cancellationToken);
            if (found is null)
            {
                return ServiceResult<Guid>.Fail(error!);
            }

            var email = await lookup.Users.Where(u => u.Id == caller.UserId).Select(u => u.NormalizedEmail).SingleAsync(cancellationToken);
            if (!string.Equals(email, found.Email.ToUpperInvariant(), StringComparison.Ordinal))
            {
                return ServiceResult<Guid>.Fail(L["This invitation was sent to {0}. Sign in with that address to accept it.", found.Email]);
            }

            tenantId = found.TenantId;
        }

        await using var db = await dbFactory.CreateForTenantAsync(tenantId, cancellationToken);
        var hash = Hash(token!);
        var invitation = await db.Invitations.SingleAsync(i => i.TokenHash == hash, cancellationToken);
        var now = timeProvider.GetUtcNow();
        if (!await db.Memberships.AnyAsync(m => m.UserId == caller.UserId, cancellationToken))
        {
            db.Memberships.Add(new Membership { TenantId = tenantId, UserId = caller.UserId, Role = invitation.Role, JoinedAt = now });
        }

        invitation.AcceptedAt = now;
        invitation.AcceptedByUserId = caller.UserId;
        audit.Record(db, tenantId, caller, "member.joined", invitation.Email, AuditDetail.Of("{0}", AuditDetail.Word(invitation.Role.ToString())));
        await db.SaveChangesAsync(cancellationToken);
        await db.Users.Where(u => u.Id == caller.UserId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.CurrentTenantId, tenantId), cancellationToken);
        return ServiceResult<Guid>.Ok(tenantId);
    }

    // Invitations are found by their token before anyone knows the tenant: the link itself is the credential.
    private async Task<(Invitation? Invitation, string? Error)> FindUsableAsync(PortalDbContext db, string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 128)
        {
            return (null, L["This invitation link is not valid."]);
        }

        var hash = Hash(token);
        var invitation = await db.Invitations.IgnoreQueryFilters([PortalDbContext.TenantFilter]).AsNoTracking()
            .Include(i => i.Tenant)
            .SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (invitation is null)
        {
            return (null, L["This invitation link is not valid."]);
        }

        if (invitation.AcceptedAt is not null)
        {
            return (null, L["This invitation has already been used."]);
        }

        if (invitation.RevokedAt is not null)
        {
            return (null, L["This invitation was withdrawn. Ask for a new one."]);
        }

        if (invitation.ExpiresAt <= timeProvider.GetUtcNow())
        {
            return (null, L["This invitation has expired. Ask for a new one."]);
        }

        if (invitation.Tenant!.IsDisabled)
        {
            return (null, L["This company has been disabled by the platform operator."]);
        }

        return (invitation, null);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
