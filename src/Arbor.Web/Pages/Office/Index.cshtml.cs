using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Arbor.Web.Pages.Office;

/// <summary>The virtual office's dashboard.</summary>
public sealed class IndexModel(Viewer viewer) : PageModel
{
    public Member Me { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return NotFound();
        Me = self.Value!;
        return Page();
    }
}
