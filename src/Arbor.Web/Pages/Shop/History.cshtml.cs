using Arbor.Core.Shop;
using Arbor.Data;
using Arbor.Web.Shop;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Arbor.Web.Pages.Shop;

/// <summary>A customer's own orders and refunds, behind the signed link sent to its e-mail.</summary>
public sealed class HistoryModel(ArborContext db, TimeProvider clock, CustomerLinks links) : ShopPage(db, clock)
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";

    /// <summary>Null when the link is expired or not ours.</summary>
    public CustomerHistory? History { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        if (links.CustomerOf(Token) is { } customer)
        {
            var history = await new ShopCustomers(Db, Clock).HistoryAsync(customer, ct);
            History = history.Value;
        }
        if (History is null) Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
