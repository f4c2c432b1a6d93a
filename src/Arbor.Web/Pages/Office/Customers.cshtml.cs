using Arbor.Core.Office;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Office;

/// <summary>The viewer's retail and preferred customers: their orders, autoship, last order and reorder reminder.</summary>
public sealed class CustomersModel(Viewer viewer, ArborContext db, TimeProvider clock) : PageModel
{
    public string Currency { get; private set; } = "";
    public IReadOnlyList<CustomerCareRow> Customers { get; private set; } = [];
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return NotFound();
        Currency = (await db.Company.AsNoTracking().SingleAsync(ct)).Currency;
        Customers = await new CustomerCare(db).OfAsync(self.Value!.Id, Today, ct);
        return Page();
    }
}
