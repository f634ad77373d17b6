using Scalar.AspNetCore;

namespace Portal.Features.PrintApi;

/// <summary>
/// The browsable reference of the print API (Scalar) at <see cref="PrintApiRegistration.ReferencePath"/>: the OpenAPI
/// document with a curl example per call. It runs under the portal's own rules: its scripts carry this request's CSP
/// nonce, nothing is fetched from other sites (no outside fonts, no telemetry), it follows the portal's light or dark
/// choice, and its text is dark or light enough to read (WCAG AA contrast).
/// </summary>
public static class PrintApiReference
{
    public static void Configure(ScalarOptions options, HttpContext context)
    {
        var nonce = SecurityHeaders.Nonce(context) ?? "";
        if (PreferenceEndpoints.PrefersDark(context))
        {
            options.ForceDarkMode();
        }
        else
        {
            options.ForceLightMode();
        }

        options
            .WithTitle("Print API reference")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .WithNonce(nonce)
            .DisableDefaultFonts()
            .DisableTelemetry()
            .WithDefaultHttpClient(ScalarTarget.Shell, ScalarClient.Curl)
            // The examples carry the key header with a placeholder to replace.
            .AddPreferredSecuritySchemes([PrintApiDocument.SecurityScheme])
            .AddHttpAuthentication(PrintApiDocument.SecurityScheme, scheme => scheme.Token = "pk_your_key")
            // Scalar's own services (sharing, SDK generation, its AI agent and MCP server) live on its site, not here.
            .HideDeveloperTools()
            .DisableAgent()
            .DisableMcp()
            .HideDarkModeToggle()
            .WithCustomCss(ReadableColours)
            // The page is in English (Scalar speaks only English); its template leaves <html> without a language.
            .AddHeadContent($"<script nonce=\"{nonce}\">document.documentElement.lang = 'en';</script>");
    }

    /// <summary>
    /// Scalar's secondary and tertiary text and its method colours (GET, POST…, also used for JSON literals), darkened
    /// in the light theme and lightened in the dark one to at least 4.5:1 against the page.
    /// </summary>
    private const string ReadableColours = """
        .light-mode {
          --scalar-color-2: #4a4a4a; --scalar-color-3: #595959;
          --scalar-color-green: #00704a; --scalar-color-blue: #0b5cad; --scalar-color-orange: #a84f00;
          --scalar-color-red: #c62828; --scalar-color-yellow: #7a5a00; --scalar-color-purple: #6b3fa0;
        }
        .dark-mode { --scalar-color-2: #c8c8c8; --scalar-color-3: #b3b3b3; }
        """;
}
