using Arbor.Core.Periods;
using Arbor.Core.Statements;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Admin;

/// <summary>Statements: a member's commission statement for a closed period, the existing HTML document served as its own page.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Finance)]
public sealed class StatementsModel(ArborDatabase database, ArborContext db) : StaffPage
{
    [BindProperty(SupportsGet = true)] public string? Member { get; set; }
    [BindProperty(SupportsGet = true)] public string? Period { get; set; }

    public IReadOnlyList<CommissionPeriod> Periods { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Periods = await PeriodList.ClosedAsync(database, ct);

    /// <summary>The statement itself (the document Core writes; print it or save it as PDF from the browser).</summary>
    public async Task<IActionResult> OnGetDocumentAsync(CancellationToken ct)
    {
        var html = await new CommissionStatement(db).HtmlAsync(Member?.Trim() ?? "", Period ?? "", ct);
        if (!html.Ok)
        {
            Periods = await PeriodList.ClosedAsync(database, ct);
            Refused("statement", html.Problem!);
            return Page();
        }
        // The document carries its own <style>: allow exactly that block (by its hash), nothing else inline.
        Response.Headers.ContentSecurityPolicy = SecurityHeaders.AllowingOwnStyles(html.Value!);
        return Content(html.Value!, "text/html; charset=utf-8");
    }
}
