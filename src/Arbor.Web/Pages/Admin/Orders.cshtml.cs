using System.Globalization;
using Arbor.Core.Audit;
using Arbor.Core.Orders;
using Arbor.Data;
using Arbor.Web.Estimates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>Orders: the newest first, searched by number or member; entering an order for a member, and a return, through Core's rules.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Support)]
public sealed class OrdersModel(ArborDatabase database, ArborContext db, TimeProvider clock, EstimateService estimates, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    public const int PageSize = 25;

    /// <summary>Item rows the order form offers.</summary>
    public const int ItemRows = 4;

    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    [BindProperty] public string? Member { get; set; }
    [BindProperty] public DateOnly? Date { get; set; }
    [BindProperty] public string? Number { get; set; }
    [BindProperty] public List<string?> Sku { get; set; } = [];
    [BindProperty] public List<int?> Quantity { get; set; } = [];

    [BindProperty] public string? Original { get; set; }
    [BindProperty] public DateOnly? ReturnDate { get; set; }
    [BindProperty] public string? ReturnSku { get; set; }
    [BindProperty] public int? ReturnQuantity { get; set; }

    public IReadOnlyList<OrderListing> Orders { get; private set; } = [];
    public string Currency { get; private set; } = "";
    public DateOnly TodayDate => Today(clock);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostOrderAsync(CancellationToken ct)
    {
        var items = Sku.Select((s, i) => (Sku: s?.Trim(), Quantity: i < Quantity.Count ? Quantity[i] : null))
            .Where(x => !string.IsNullOrEmpty(x.Sku) || x.Quantity is not null)
            .Select(x => new Item(x.Sku ?? "", x.Quantity ?? 1))
            .ToList();
        var request = new OrderRequest(Date ?? TodayDate, items, MemberHandle: Member?.Trim() ?? "", Number: string.IsNullOrWhiteSpace(Number) ? null : Number.Trim());
        var placed = await new PlaceOrder(db).RunAsync(request, ct);
        if (!placed.Ok)
        {
            await LoadAsync(ct);
            Refused("order", placed.Problem!);
            return Page();
        }
        var o = placed.Value!;
        await new AuditLog(database, clock).RecordAsync(Actor, "order-enter", o.Number,
            string.Create(CultureInfo.InvariantCulture, $"member {request.MemberHandle}, {o.Date:yyyy-MM-dd}, {string.Join(" ", items.Select(i => $"{i.Quantity}x{i.Sku}"))}, PV {o.Pv}, CV {o.Cv}"), ct);
        estimates.Changed();
        Notice = a["Orders.Entered", o.Number, request.MemberHandle!, Formats.Volume(o.Pv)];
        return RedirectToPage(new { search = o.Number });
    }

    public async Task<IActionResult> OnPostReturnAsync(CancellationToken ct)
    {
        IReadOnlyList<Item>? items = string.IsNullOrWhiteSpace(ReturnSku) ? null : [new Item(ReturnSku.Trim(), ReturnQuantity ?? 1)];
        var request = new ReturnRequest(Original?.Trim() ?? "", ReturnDate ?? TodayDate, items);
        var returned = await new ReturnOrder(db).RunAsync(request, ct);
        if (!returned.Ok)
        {
            await LoadAsync(ct);
            Refused("return", returned.Problem!);
            return Page();
        }
        var r = returned.Value!;
        await new AuditLog(database, clock).RecordAsync(Actor, "order-return", r.Number,
            string.Create(CultureInfo.InvariantCulture, $"return of {request.OriginalNumber}, {r.Date:yyyy-MM-dd}, {(items is null ? "all that is left" : $"{items[0].Quantity}x{items[0].Sku}")}, PV {r.Pv}, CV {r.Cv}"), ct);
        estimates.Changed();
        Notice = a["Orders.Returned", r.Number, request.OriginalNumber];
        return RedirectToPage(new { search = r.Number });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Orders = await new OrderQueries(db).SearchAsync(Search, PageNumber, PageSize, ct);
        Currency = await CurrencyAsync(db, ct);
    }
}
