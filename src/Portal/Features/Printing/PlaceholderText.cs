namespace Portal.Features.Printing;

/// <summary>Words for the standard template placeholders; any other name is shown as it is written.</summary>
public static class PlaceholderText
{
    public static string Label(IStringLocalizer L, string name) => name switch
    {
        "shop" => L["Shop name"],
        "order_no" => L["Order number"],
        "time" => L["Time"],
        "table" => L["Table number"],
        "queue_no" => L["Queue number"],
        "waiting" => L["Tables waiting"],
        "customer" => L["Customer"],
        "phone" => L["Phone"],
        "address" => L["Address"],
        "total" => L["Total"],
        "note" => L["Note"],
        _ => name,
    };
}
