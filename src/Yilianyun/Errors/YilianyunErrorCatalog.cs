namespace Yilianyun;

/// <summary>Clear English and Chinese explanations of the v1 error codes, written for the people who see them.</summary>
public static class YilianyunErrorCatalog
{
    private static readonly Dictionary<int, (string En, string Zh)> Messages = new()
    {
        [0] = ("Success.", "成功。"),
        [1] = ("response_type is invalid; it must be \"code\".", "response_type 非法,必须为 code。"),
        [2] = ("The client_id does not exist; check the app's client id.", "client_id 不存在,请检查应用 ID。"),
        [3] = ("redirect_uri does not match the callback address registered for the app.", "redirect_uri 与应用登记的回调地址不一致。"),
        [4] = ("client_id, response_type and state must not be empty.", "client_id、response_type、state 均不能为空。"),
        [5] = ("client_id or client_secret is wrong.", "client_id 或 client_secret 错误。"),
        [6] = ("The authorization code is wrong or has expired (codes are valid for 600 seconds); authorize again.", "授权码错误或已过期(有效期 600 秒),请重新授权。"),
        [7] = ("Account or password is wrong.", "账号或密码错误。"),
        [8] = ("The printer information is wrong (check machine_code and the parameters).", "打印机信息错误,请检查终端号及参数。"),
        [9] = ("Could not connect to the printer.", "连接打印机失败。"),
        [10] = ("Insufficient permission for this operation.", "权限不足。"),
        [11] = ("Signature check failed; check client_secret, the clock, and that values such as & and + are URL-encoded.", "sign 验证失败,请检查 client_secret、时间戳,以及 &、+ 等字符是否已 URL 编码。"),
        [12] = ("A required parameter is missing.", "缺少必要参数。"),
        [13] = ("Printing failed because a parameter is wrong.", "打印失败,参数有误。"),
        [14] = ("The access_token is wrong.", "access_token 错误。"),
        [15] = ("The requested scope is larger than the original grant.", "权限不能大于初次授权的权限。"),
        [16] = ("K1, K2 and K3 printer models are not supported.", "不支持 K1、K2、K3 机型。"),
        [17] = ("The printer is already bound to another account.", "该打印机已被他人绑定。"),
        [18] = ("The access_token has expired or is wrong; refresh it or authorize again.", "access_token 过期或错误,请刷新 access_token 或重新授权。"),
        [19] = ("The app is not listed or has been delisted.", "应用未上架或已下架。"),
        [20] = ("The refresh_token has expired; the printer must be authorized again.", "refresh_token 已过期,请重新授权。"),
        [21] = ("Shutting down or restarting the printer failed.", "关机或重启失败。"),
        [22] = ("Setting the printer sound failed.", "声音设置失败。"),
        [23] = ("Could not read the printer model and print width.", "获取机型和打印宽度失败。"),
        [24] = ("There is no unprinted order that can be cancelled.", "没有可以取消的未打印订单。"),
        [25] = ("Could not read the printer's hardware and software version.", "获取机型软硬件版本失败。"),
        [26] = ("Removing the logo failed.", "取消 logo 失败。"),
        [27] = ("scope is not set; send scope=all.", "未设置 scope,请传 all。"),
        [28] = ("Setting the logo failed.", "设置 logo 失败。"),
        [29] = ("client_id, machine_code or qr_key is empty.", "client_id、machine_code 或 qr_key 不能为空。"),
        [30] = ("machine_code or qr_key is wrong (a printer's QR key is valid for 300 seconds).", "machine_code 或 qr_key 错误(二维码密钥有效期 300 秒)。"),
        [31] = ("This call is not available to this app type (own apps and open apps differ).", "该接口不支持当前应用类型(自有应用与开放应用不同)。"),
        [32] = ("Setting order confirmation (accept/reject keys) failed.", "接单拒单设置失败。"),
        [33] = ("The request id is not a valid UUID.", "请求 id 不是合法的 UUID。"),
        [34] = ("Illegal operation.", "非法操作。"),
        [35] = ("machine_code or msign is wrong.", "machine_code 或 msign 错误。"),
        [36] = ("Switching key printing on or off failed.", "按键打印开启或关闭失败。"),
        [37] = ("Adding the app menu failed.", "添加应用菜单失败。"),
        [38] = ("The menu content must be a JSON array.", "应用菜单内容必须是 JSON 数组。"),
        [39] = ("Too many menus.", "应用菜单数量超过上限。"),
        [40] = ("Duplicate menu name.", "应用菜单名称重复。"),
        [41] = ("The daily limit of access_token fetches/refreshes (20) has been reached; try again tomorrow.", "获取或刷新 access_token 的次数已超过每日上限(20 次),请明天再试。"),
        [42] = ("This printer model does not support waybill printing.", "该机型不支持面单打印。"),
        [43] = ("The shipper type is wrong.", "快递公司类型错误。"),
        [44] = ("Unknown error 44 (the code is not in the published table).", "未知错误 44(公开错误码表中没有此码)。"),
        [45] = ("The platform had a system error; try again later.", "平台系统错误,请稍后再试。"),
        [46] = ("picture_url is wrong or the picture cannot be used.", "picture_url 错误或图片不可用。"),
        [47] = ("A parameter is wrong.", "参数错误。"),
        [48] = ("This printer model or firmware version does not support the call.", "该机型或固件版本不支持此操作。"),
        [49] = ("The platform reported an error.", "平台返回错误。"),
    };

    /// <summary>Every code of the v1 table, 0 to 49.</summary>
    public static IReadOnlyCollection<int> KnownCodes => Messages.Keys;

    /// <summary>English and Chinese text for <paramref name="code"/>; unknown (e.g. v2) codes get a generic text.</summary>
    public static (string English, string Chinese) Describe(int code) =>
        Messages.TryGetValue(code, out var message)
            ? message
            : ($"The platform returned error {code}.", $"平台返回错误 {code}。");
}
