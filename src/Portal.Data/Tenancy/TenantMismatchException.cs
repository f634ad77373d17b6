namespace Portal.Data.Tenancy;

/// <summary>Raised when a context bound to one tenant is asked to save a row of another tenant.</summary>
public sealed class TenantMismatchException(string entityName)
    : InvalidOperationException($"Refused to save a {entityName} that belongs to another tenant.");
