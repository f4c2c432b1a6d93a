using Arbor.Core.Office;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Web.Pages.Office;

/// <summary>The viewer's retail and preferred customers and their orders.</summary>
public sealed class CustomersModel(Viewer viewer, ArborContext db) : PageModel
{
    public string Currency { get; private set; } = "";
    public IReadOnlyList<CustomerOrders> Customers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return NotFound();
        Currency = (await db.Company.AsNoTracking().SingleAsync(ct)).Currency;
        Customers = await new MyCustomers(db).OfAsync(self.Value!.Id, ct);
        return Page();
    }
}
