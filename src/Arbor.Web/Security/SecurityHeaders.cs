using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Arbor.Web.Security;

/// <summary>
/// Security headers on every response: a content security policy with no inline scripts or
/// styles and no other origins, no framing, no MIME sniffing, no referrer to other sites.
/// </summary>
public sealed partial class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(context);
    }

    /// <summary>
    /// The site's policy for a document that carries its own &lt;style&gt; blocks (the commission
    /// statement): exactly those blocks are allowed, by their hashes; scripts stay forbidden.
    /// </summary>
    public static string AllowingOwnStyles(string html)
    {
        var hashes = StyleBlock().Matches(html)
            .Select(m => $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(m.Groups[1].Value)))}'");
        return ContentSecurityPolicy.Replace("style-src 'self'", $"style-src 'self' {string.Join(' ', hashes)}", StringComparison.Ordinal);
    }

    [GeneratedRegex("<style>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleBlock();
}
