namespace Yilianyun.Markup;

/// <summary>
/// Checks the arguments of payload tags (instructions, QR codes, barcodes, copies) against the documented formats and
/// warns about the ones that break them; the layout keeps the tag either way.
/// </summary>
internal sealed class PayloadValidator(MarkupWarnings warnings)
{
    public void CheckInstruction(string name, string argument)
    {
        static bool IsDigitIn(string text, char low, char high) => text.Length == 1 && text[0] >= low && text[0] <= high;

        var parts = argument.Split(',');
        switch (name)
        {
            case "PW" when !(argument.Length == 3 && argument.All(char.IsAsciiDigit) && int.Parse(argument) <= 108):
                warnings.InvalidArgument(name, argument, "the print width is 3 digits, at most 108.", "打印宽度为 3 位数字,最大 108。");
                break;
            case "MA" or "MK" when !IsDigitIn(argument, '0', '3'):
                warnings.InvalidArgument(name, argument, "expects a value from 0 to 3.", "取值应为 0 到 3。");
                break;
            case "MS" when !(parts.Length == 2 && IsDigitIn(parts[0], '0', '1') && IsDigitIn(parts[1], '0', '3')):
                warnings.InvalidArgument(name, argument, "expects mode,volume: mode 0 (buzzer) or 1 (horn), volume 0 to 3.",
                    "格式应为 模式,音量:模式 0(蜂鸣器)或 1(喇叭),音量 0 到 3。");
                break;
            case "MC" when !(parts.Length == 3 && IsDigitIn(parts[0], '0', '4') && parts[1].Length == 5 && parts[1].All(char.IsAsciiDigit)
                             && IsDigitIn(parts[2], '0', '2')):
                warnings.InvalidArgument(name, argument,
                    "expects confirm_state,sound_time,timeout_state: 0–4, five digits of seconds, 0–2 (e.g. 1,00030,0).",
                    "格式应为 确认状态,响铃时长,超时状态:0–4、5 位数字秒数、0–2(例如 1,00030,0)。");
                break;
            // The spoken text may itself contain commas, so volume and voice are read from the end.
            case "audio" when !(parts.Length >= 3 && parts[^2] is { Length: 1 } volume && volume[0] is >= '1' and <= '9'
                                && parts[^1] is "0" or "1" or "3" or "4"):
                warnings.InvalidArgument(name, argument, "expects text,volume,voice: volume 1 to 9, voice 0, 1, 3 or 4.",
                    "格式应为 文本,音量,音色:音量 1 到 9,音色 0、1、3 或 4。");
                break;
        }
    }

    public void CheckCode(string name, string payload)
    {
        var digitsOnly = payload.Length > 0 && payload.All(char.IsAsciiDigit);
        switch (name)
        {
            case "QR" when payload.Length == 0 || GbkWidth.Of(payload) > 192:
                warnings.InvalidArgument(name, payload, "a QR code holds 1 to 192 ASCII characters (96 Chinese).", "二维码内容应为 1 到 192 个字母数字(或 96 个汉字)。");
                break;
            case "BR" when !digitsOnly || payload.Length > 13:
                warnings.InvalidArgument(name, payload, "an EAN-13 barcode takes up to 13 digits.", "EAN-13 条码最多 13 位数字。");
                break;
            case "BR2" when payload.Length is 0 or > 14 || !payload.All(char.IsAscii):
                warnings.InvalidArgument(name, payload, "a Code128-B barcode takes 1 to 14 ASCII characters.", "Code128-B 条码为 1 到 14 个 ASCII 字符。");
                break;
            case "BR3" when !digitsOnly || payload.Length > (payload.Length % 2 == 0 ? 28 : 25):
                warnings.InvalidArgument(name, payload, "a Code128-C barcode takes digits only: at most 25 (odd count) or 28 (even count).", "Code128-C 条码只能是数字:奇数位最多 25 位,偶数位最多 28 位。");
                break;
        }
    }

    /// <summary>The copies <c>&lt;MN&gt;</c> asks for, 1 to 9; anything else warns and counts as 1.</summary>
    public int Copies(string argument)
    {
        if (int.TryParse(argument, out var copies) && copies is >= 1 and <= 9)
        {
            return copies;
        }

        warnings.InvalidArgument("MN", argument, "copies must be 1 to 9; the layout uses 1.", "打印联数应为 1 到 9,预览按 1 联处理。");
        return 1;
    }
}
