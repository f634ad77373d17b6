using Microsoft.AspNetCore.Components;

namespace Portal.Infrastructure.Ui;

/// <summary>
/// MudBlazor's markup for things drawn many times or on every page (icons), written out as render fragments rather than
/// components: a component is kept, with two render-tree buffers, in every open circuit (benchmarks/README.md), a
/// fragment is not.
/// </summary>
public static class MudMarkup
{
    public const string IconClass = "mud-icon-root mud-svg-icon mud-icon-size-medium";

    /// <summary>What <c>MudIcon</c> renders for an SVG icon such as <c>Icons.Material.Filled.Print</c>.</summary>
    public static RenderFragment Icon(string svg, string @class = IconClass) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", @class);
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddAttribute(5, "role", "img");
        builder.AddMarkupContent(6, svg);
        builder.CloseElement();
    };
}
