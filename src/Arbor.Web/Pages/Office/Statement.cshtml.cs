using System.Security.Cryptography;
using System.Text;
using Arbor.Core.Statements;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages.Office;

/// <summary>
/// The viewer's own commission statement of a closed period, served as the printable document
/// Core writes. Its one inline style block is allowed by its hash in this response's policy
/// (the site's policy allows no inline style); scripts stay forbidden.
/// </summary>
public sealed class StatementModel(Viewer viewer, ArborContext db) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string period, CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return NotFound();
        var html = await new CommissionStatement(db).HtmlAsync(self.Value!.Handle, period, ct);
        if (!html.Ok) return NotFound();
        Response.Headers.ContentSecurityPolicy = SecurityHeaders.ContentSecurityPolicy.Replace("style-src 'self'", $"style-src 'self' {StyleHashes(html.Value!)}", StringComparison.Ordinal);
        return Content(html.Value!, "text/html; charset=utf-8");
    }

    /// <summary>The CSP hashes of the document's &lt;style&gt; blocks.</summary>
    public static string StyleHashes(string html)
    {
        var hashes = new List<string>();
        for (var at = html.IndexOf("<style>", StringComparison.Ordinal); at >= 0; at = html.IndexOf("<style>", at + 1, StringComparison.Ordinal))
        {
            var start = at + "<style>".Length;
            var end = html.IndexOf("</style>", start, StringComparison.Ordinal);
            if (end < 0) break;
            hashes.Add($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(html[start..end])))}'");
        }
        return string.Join(' ', hashes);
    }
}
