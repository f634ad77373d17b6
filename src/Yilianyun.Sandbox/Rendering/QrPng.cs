using QRCoder;

namespace Yilianyun.Sandbox.Rendering;

/// <summary>QR codes as PNG data URIs (QRCoder), usable in any page without serving files.</summary>
public static class QrPng
{
    public static string DataUri(string text, int pixelsPerModule = 4)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(pixelsPerModule));
    }
}
