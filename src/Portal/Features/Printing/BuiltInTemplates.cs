namespace Portal.Features.Printing;

/// <summary>A ready-made receipt every company can start from. It is not stored; copying it makes a company template.</summary>
public sealed record BuiltInTemplate(string Key, string Name, string Content);

/// <summary>
/// The built-in examples — a takeaway order, a kitchen ticket and a queue number — laid out for 58 mm paper
/// (32 columns, 16 Chinese characters), in Chinese when the UI speaks Chinese and in English otherwise.
/// </summary>
public static class BuiltInTemplates
{
    private const string Rule = "--------------------------------";

    private static readonly IReadOnlyList<BuiltInTemplate> Chinese =
    [
        new("takeaway", "外卖订单", $$"""
            <FS2><center>{shop}</center></FS2>
            <center>外卖订单</center>
            {{Rule}}
            订单号:{order_no}
            下单时间:{time}
            {{Rule}}
            <table><tr><td>品名</td><td>数量</td><td>金额</td></tr>
            <tr><td>招牌牛肉面</td><td>x1</td><td>28.00</td></tr>
            <tr><td>卤蛋</td><td>x2</td><td>6.00</td></tr></table>
            {{Rule}}
            <LR>配送费,5.00</LR>
            <FB><LR>实付,¥{total}</LR></FB>
            {{Rule}}
            <FS>{customer} {phone}</FS>
            <FS>{address}</FS>
            备注:{note}
            <QR>{order_no}</QR>
            <center>谢谢惠顾,欢迎再次光临</center>
            """),
        new("kitchen", "后厨单", $$"""
            <FS2><center>后厨单</center></FS2>
            <FS2>桌号 {table}</FS2>
            单号:{order_no}
            时间:{time}
            {{Rule}}
            <FS>招牌牛肉面  x1</FS>
            <FS>卤蛋  x2</FS>
            {{Rule}}
            <FB>备注:{note}</FB>
            """),
        new("queue", "排队取号", $$"""
            <center>{shop}</center>
            <center>排队取号</center>
            <FS2><center>{queue_no}</center></FS2>
            <center>您前面还有 {waiting} 桌</center>
            <center>{time}</center>
            <BR2>{queue_no}</BR2>
            <center>请留意叫号,过号请重新取号</center>
            """),
    ];

    private static readonly IReadOnlyList<BuiltInTemplate> English =
    [
        new("takeaway", "Takeaway order", $$"""
            <FS2><center>{shop}</center></FS2>
            <center>TAKEAWAY ORDER</center>
            {{Rule}}
            Order: {order_no}
            Placed: {time}
            {{Rule}}
            <table><tr><td>Item</td><td>Qty</td><td>Amount</td></tr>
            <tr><td>Noodle soup</td><td>x1</td><td>28.00</td></tr>
            <tr><td>Braised egg</td><td>x2</td><td>6.00</td></tr></table>
            {{Rule}}
            <LR>Delivery,5.00</LR>
            <FB><LR>TOTAL,{total}</LR></FB>
            {{Rule}}
            <FS>{customer} {phone}</FS>
            <FS>{address}</FS>
            Note: {note}
            <QR>{order_no}</QR>
            <center>Thank you, see you soon!</center>
            """),
        new("kitchen", "Kitchen ticket", $$"""
            <FS2><center>KITCHEN</center></FS2>
            <FS2>Table {table}</FS2>
            Order: {order_no}
            Time: {time}
            {{Rule}}
            <FS>Noodle soup  x1</FS>
            <FS>Braised egg  x2</FS>
            {{Rule}}
            <FB>Note: {note}</FB>
            """),
        new("queue", "Queue number", $$"""
            <center>{shop}</center>
            <center>YOUR QUEUE NUMBER</center>
            <FS2><center>{queue_no}</center></FS2>
            <center>{waiting} tables ahead of you</center>
            <center>{time}</center>
            <BR2>{queue_no}</BR2>
            <center>Please listen for your number.</center>
            """),
    ];

    /// <summary>The built-ins in the language of <paramref name="culture"/> (the current UI culture when null).</summary>
    public static IReadOnlyList<BuiltInTemplate> For(CultureInfo? culture = null) =>
        PortalStringLocalizer.IsChinese(culture ?? CultureInfo.CurrentUICulture) ? Chinese : English;

    public static BuiltInTemplate? Find(string? key, CultureInfo? culture = null) =>
        For(culture).FirstOrDefault(template => template.Key == key);
}
