namespace Yilianyun.Sandbox.Api;

/// <summary>The v1 global return codes (reference section 6) with the platform's Chinese descriptions.</summary>
public static class SandboxErrors
{
    public const int Success = 0;
    public const int InvalidResponseType = 1;
    public const int UnknownClient = 2;
    public const int RedirectUriMismatch = 3;
    public const int AuthorizeParametersEmpty = 4;
    public const int WrongClientCredentials = 5;
    public const int CodeWrongOrExpired = 6;
    public const int PrinterInfoWrong = 8;
    public const int PrinterConnectionFailed = 9;
    public const int NoPermission = 10;
    public const int SignFailed = 11;
    public const int MissingParameters = 12;
    public const int PrintFailed = 13;
    public const int AlreadyBound = 17;
    public const int AccessTokenExpired = 18;
    public const int RefreshTokenExpired = 20;
    public const int ShutdownRestartFailed = 21;
    public const int SoundSettingFailed = 22;
    public const int PrintInfoFailed = 23;
    public const int NothingToCancel = 24;
    public const int VersionNotFound = 25;
    public const int DeleteIconFailed = 26;
    public const int ScopeMissing = 27;
    public const int SetIconFailed = 28;
    public const int ScanParametersEmpty = 29;
    public const int QrKeyWrong = 30;
    public const int WrongAppType = 31;
    public const int GetOrderSettingFailed = 32;
    public const int InvalidUuid = 33;
    public const int IllegalOperation = 34;
    public const int MsignWrong = 35;
    public const int ButtonPrintFailed = 36;
    public const int MenuAddFailed = 37;
    public const int MenuNotJsonArray = 38;
    public const int TooManyMenus = 39;
    public const int DuplicateMenuName = 40;
    public const int LimitReached = 41;
    public const int WaybillNotSupported = 42;
    public const int WrongShipper = 43;
    public const int SystemError = 45;
    public const int PictureUrlWrong = 46;
    public const int ParameterError = 47;
    public const int ModelNotSupported = 48;

    private static readonly Dictionary<int, string> Descriptions = new()
    {
        [Success] = "success",
        [InvalidResponseType] = "response_type非法",
        [UnknownClient] = "client_id不存在",
        [RedirectUriMismatch] = "redirect_uri不匹配",
        [AuthorizeParametersEmpty] = "client_id、response_type、state不能为空",
        [WrongClientCredentials] = "client_id或client_secret错误",
        [CodeWrongOrExpired] = "授权码错误或已过期",
        [7] = "账号或密码错误",
        [PrinterInfoWrong] = "打印机信息错误,参数有误",
        [PrinterConnectionFailed] = "连接打印机失败",
        [NoPermission] = "权限不足",
        [SignFailed] = "sign验证失败",
        [MissingParameters] = "缺少必要参数",
        [PrintFailed] = "打印失败,参数有误",
        [14] = "access_token错误",
        [15] = "权限不能大于初次授权的权限",
        [16] = "不支持k1,k2,k3机型",
        [AlreadyBound] = "该打印机已被他人绑定",
        [AccessTokenExpired] = "access_token过期或错误,请刷新access_token或者重新授权",
        [19] = "应用未上架或已下架",
        [RefreshTokenExpired] = "refresh_token已过期,请重新授权",
        [ShutdownRestartFailed] = "关机重启失败",
        [SoundSettingFailed] = "声音设置失败",
        [PrintInfoFailed] = "获取机型和打印宽度失败",
        [NothingToCancel] = "没有可以取消的订单",
        [VersionNotFound] = "获取机型软硬件版本失败",
        [DeleteIconFailed] = "取消logo失败",
        [ScopeMissing] = "请设置scope,权限默认为all",
        [SetIconFailed] = "设置logo失败",
        [ScanParametersEmpty] = "client_id,machine_code,qr_key不能为空",
        [QrKeyWrong] = "machine_code,qr_key错误",
        [WrongAppType] = "接口不支持自有应用服务模式",
        [GetOrderSettingFailed] = "接单拒单设置失败",
        [InvalidUuid] = "Uuid不合法",
        [IllegalOperation] = "非法操作",
        [MsignWrong] = "machine_code或msign错误",
        [ButtonPrintFailed] = "按键打印开启或关闭失败",
        [MenuAddFailed] = "添加应用菜单失败",
        [MenuNotJsonArray] = "应用菜单内容错误,content必须是Json数组",
        [TooManyMenus] = "应用菜单个数超过最大限制",
        [DuplicateMenuName] = "应用菜单名称重复",
        [LimitReached] = "获取或更新access_token的次数,已超过最大限制次数!",
        [WaybillNotSupported] = "该机型不支持面单打印",
        [WrongShipper] = "快递公司类型错误",
        [SystemError] = "系统错误!请立即反馈",
        [PictureUrlWrong] = "图片地址错误",
        [ParameterError] = "参数错误",
        [ModelNotSupported] = "该机型或固件版本不支持",
        [49] = "错误",
    };

    /// <summary>The platform's description for a code; codes it never documented get a generic text.</summary>
    public static string Describe(int code) =>
        Descriptions.TryGetValue(code, out var text) ? text : "错误";
}
