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
        Response.Headers.ContentSecurityPolicy = SecurityHeaders.AllowingOwnStyles(html.Value!);
        return Content(html.Value!, "text/html; charset=utf-8");
    }
}
