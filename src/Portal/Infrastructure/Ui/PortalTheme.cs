namespace Portal.Infrastructure.Ui;

/// <summary>One palette for the whole portal: a calm blue with the platform's orange as the accent.</summary>
public static class PortalTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565C0",
            Secondary = "#F57C00",
            AppbarBackground = "#0D47A1",
            Background = "#F5F7FA",
            DrawerBackground = "#FFFFFF",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#64B5F6",
            PrimaryContrastText = "#0B1A2B",
            Secondary = "#FFB74D",
            AppbarBackground = "#1A2332",
            Background = "#121821",
            Surface = "#1B2430",
            DrawerBackground = "#1B2430",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "8px" },
    };
}
