namespace Portal.E2E.Flows;

/// <summary>
/// A flow in Chromium against the one portal of the run (<see cref="BrowserFixture"/>). Every test signs up its own
/// people and companies under fresh names, so tests never see each other's data.
/// </summary>
[Collection(PortalCollection.Name)]
public abstract class FlowTests(BrowserFixture fixture)
{
    /// <summary>A fresh address for <paramref name="who"/>.</summary>
    protected static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@e2e.test";

    /// <summary>A fresh company name that starts with <paramref name="prefix"/>, <paramref name="length"/> characters long.</summary>
    protected static string NewCompanyName(string prefix, int length = 24) => $"{prefix} {Guid.NewGuid():N}"[..length];

    /// <summary>A separate browser context (its own cookies), as a different person on another computer.</summary>
    protected Task<PortalSession> NewSessionAsync(string name, string? locale = "en-US") => fixture.NewSessionAsync(name, locale);

    /// <summary>A new person, signed up under a fresh address, who has set up <paramref name="company"/> (a fresh name by default).</summary>
    protected async Task<PortalSession> MerchantWithCompanyAsync(string name, string? company = null)
    {
        var merchant = await fixture.NewSessionAsync(name);
        await merchant.SignUpAsync(NewEmail(name));
        await merchant.CreateCompanyAsync(company ?? NewCompanyName(name));
        return merchant;
    }

    /// <summary>A <see cref="MerchantWithCompanyAsync">merchant with a company</see> who has connected a new sandbox printer (named <paramref name="printerName"/> if given) and is on its page.</summary>
    protected async Task<PortalSession> MerchantWithPrinterAsync(string name, string? company = null, string? printerName = null)
    {
        var merchant = await MerchantWithCompanyAsync(name, company);
        try
        {
            await merchant.ConnectSandboxPrinterAsync(printerName);
            return merchant;
        }
        catch
        {
            await merchant.DisposeAsync();
            throw;
        }
    }
}
