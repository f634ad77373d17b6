namespace Portal.Features.Printers;

/// <summary>The proof of a revocation: the old token, tried once on <c>printer/getprintstatus</c>, must be refused.</summary>
public sealed class RevocationProof(PrinterAppResolver apps)
{
    /// <summary>Whether the platform refused <paramref name="oldToken"/>, and the sentence the timeline and the audit log keep.</summary>
    internal async Task<(bool Verified, string Proof)> CheckAsync(PrinterApp app, string machineCode, string? oldToken, CancellationToken cancellationToken)
    {
        if (oldToken is null)
        {
            return (false, AuditDetail.Of("not checked: the portal held no token for this printer"));
        }

        try
        {
            await apps.ClientFor(app).GetPrintStatusAsync(oldToken, machineCode, cancellationToken);
            return (false, AuditDetail.Of("still accepted! the platform answered the old token's status check"));
        }
        catch (YilianyunException e) when (e.Error.Kind == YilianyunErrorKind.Platform)
        {
            return (true, AuditDetail.Of("verified: the platform answered the old token with {0}", AuditDetail.PlatformError(e)));
        }
        catch (YilianyunException e)
        {
            return (false, AuditDetail.Of("not verified: {0} on the status check with the old token", AuditDetail.PlatformError(e)));
        }
    }
}
