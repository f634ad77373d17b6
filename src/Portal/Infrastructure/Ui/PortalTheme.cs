namespace Portal.Infrastructure.Ui;

/// <summary>One palette for the whole portal: a calm blue with the platform's orange as the accent.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565C0",
            // Text-strength shades (at least 4.5:1 on white and on the background, WCAG AA): status colours and
            // secondary text are read as text in alerts, chips and captions, not only as fills.
            Secondary = "#B35900",
            TextSecondary = "rgba(0,0,0,0.66)",
            Error = "#C62828",
            Warning = "#A85D00",
            Success = "#2E7D32",
            Info = "#1565C0",
            AppbarBackground = "#0D47A1",
            Background = "#F5F7FA",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64B5F6",
            PrimaryContrastText = "#0B1A2B",
            Secondary = "#FFB74D",
            TextSecondary = "rgba(255,255,255,0.70)",
            // Light shades, so status text (outlined alerts, chips) stays readable on the dark surfaces.
            Error = "#FF8A80",
            Warning = "#FFB74D",
            Success = "#81C784",
            Info = "#64B5F6",
            AppbarBackground = "#1A2332",
            Background = "#121821",
            Surface = "#1B2430",
            DrawerBackground = "#1B2430",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
