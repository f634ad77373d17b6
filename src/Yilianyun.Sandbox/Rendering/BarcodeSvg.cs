namespace Yilianyun.Sandbox.Rendering;

/// <summary>
/// Draws the platform's barcodes as SVG bars: Code 128 subsets B and C (<c>&lt;BR2&gt;</c>, <c>&lt;BR3&gt;</c>) and
/// EAN-13 (<c>&lt;BR&gt;</c>). Returns null when the payload cannot be encoded in that symbology.
/// </summary>
public static class BarcodeSvg
{
    /// <summary>Code 128 bar/space widths for values 0–105, then the stop pattern (106).</summary>
    internal static readonly string[] Code128Patterns =
    [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ];

    private const int StartB = 104;
    private const int StartC = 105;
    private const int SwitchToB = 100;
    private const int Stop = 106;

    private static readonly string[] EanLeftOdd = ["0001101", "0011001", "0010011", "0111101", "0100011", "0110001", "0101111", "0111011", "0110111", "0001011"];
    private static readonly string[] EanParity = ["LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"];

    public static string? Render(string payload, BarcodeSymbology symbology, int moduleWidth = 2, int height = 56)
    {
        var modules = symbology switch
        {
            BarcodeSymbology.Ean13 => Ean13Modules(payload),
            BarcodeSymbology.Code128B => Code128Modules(Code128BValues(payload)),
            _ => Code128Modules(Code128CValues(payload)),
        };
        return modules is null ? null : ToSvg(modules, moduleWidth, height);
    }

    /// <summary>Symbol values for subset B: start, one value per printable ASCII character, checksum.</summary>
    internal static List<int>? Code128BValues(string payload)
    {
        if (payload.Length == 0 || payload.Any(c => c is < ' ' or > '~'))
        {
            return null;
        }

        return WithChecksum(StartB, payload.Select(c => c - ' '));
    }

    /// <summary>Subset C packs digit pairs; an odd last digit is sent after a switch to subset B.</summary>
    internal static List<int>? Code128CValues(string payload)
    {
        if (payload.Length == 0 || !payload.All(char.IsAsciiDigit))
        {
            return null;
        }

        var values = new List<int>();
        var i = 0;
        for (; i + 1 < payload.Length; i += 2)
        {
            values.Add(((payload[i] - '0') * 10) + (payload[i + 1] - '0'));
        }

        if (i < payload.Length)
        {
            values.Add(SwitchToB);
            values.Add(payload[i] - ' ');
        }

        return WithChecksum(StartC, values);
    }

    private static List<int> WithChecksum(int start, IEnumerable<int> data)
    {
        var values = new List<int> { start };
        values.AddRange(data);
        var sum = start;
        for (var position = 1; position < values.Count; position++)
        {
            sum += position * values[position];
        }

        values.Add(sum % 103);
        return values;
    }

    /// <summary>Expands symbol values into a bar/space module string ('1' bar, '0' space).</summary>
    private static string? Code128Modules(List<int>? values)
    {
        if (values is null)
        {
            return null;
        }

        var modules = new StringBuilder();
        foreach (var pattern in values.Select(v => Code128Patterns[v]).Append(Code128Patterns[Stop]))
        {
            for (var element = 0; element < pattern.Length; element++)
            {
                modules.Append(element % 2 == 0 ? '1' : '0', pattern[element] - '0');
            }
        }

        return modules.ToString();
    }

    /// <summary>EAN-13 modules; 12 digits get their check digit computed, 13 digits must carry a correct one.</summary>
    internal static string? Ean13Modules(string payload)
    {
        if (payload.Length is not (12 or 13) || !payload.All(char.IsAsciiDigit))
        {
            return null;
        }

        var digits = payload.Select(c => c - '0').ToList();
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += digits[i] * (i % 2 == 0 ? 1 : 3);
        }

        var check = (10 - (sum % 10)) % 10;
        if (digits.Count == 13 && digits[12] != check)
        {
            return null;
        }

        if (digits.Count == 12)
        {
            digits.Add(check);
        }

        var modules = new StringBuilder("101");
        var parity = EanParity[digits[0]];
        for (var i = 1; i <= 6; i++)
        {
            var left = EanLeftOdd[digits[i]];
            // G codes are the right-hand codes reversed; right-hand codes are the left odd codes inverted.
            modules.Append(parity[i - 1] == 'L' ? left : new string(Invert(left).Reverse().ToArray()));
        }

        modules.Append("01010");
        for (var i = 7; i <= 12; i++)
        {
            modules.Append(Invert(EanLeftOdd[digits[i]]));
        }

        modules.Append("101");
        return modules.ToString();
    }

    private static string Invert(string bits) => string.Concat(bits.Select(b => b == '1' ? '0' : '1'));

    private static string ToSvg(string modules, int moduleWidth, int height)
    {
        const int quietModules = 10;
        var width = (modules.Length + (2 * quietModules)) * moduleWidth;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" shape-rendering=\"crispEdges\" role=\"img\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        var x = 0;
        while (x < modules.Length)
        {
            var run = 1;
            while (x + run < modules.Length && modules[x + run] == modules[x])
            {
                run++;
            }

            if (modules[x] == '1')
            {
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{(x + quietModules) * moduleWidth}\" width=\"{run * moduleWidth}\" height=\"{height}\" fill=\"#000\"/>");
            }

            x += run;
        }

        return svg.Append("</svg>").ToString();
    }
}
