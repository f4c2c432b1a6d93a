using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using QRCoder;

namespace Arbor.Web.Shop;

/// <summary>A member's shop link and its QR code (an SVG path of the dark modules, quiet zone included, for print and phones).</summary>
public static class ShopLink
{
    public static string Of(HttpRequest request, string handle) => $"{request.Scheme}://{request.Host}/shop/{Uri.EscapeDataString(handle)}";

    /// <summary>The QR code of <paramref name="text"/> as an SVG path and the side of its square in modules.</summary>
    public static (string Path, int Size) Qr(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var matrix = data.ModuleMatrix;
        var path = new StringBuilder();
        for (var y = 0; y < matrix.Count; y++)
        {
            for (var x = 0; x < matrix[y].Count; x++)
            {
                if (matrix[y][x]) path.Append(CultureInfo.InvariantCulture, $"M{x} {y}h1v1h-1z");
            }
        }
        return (path.ToString(), matrix.Count);
    }
}
