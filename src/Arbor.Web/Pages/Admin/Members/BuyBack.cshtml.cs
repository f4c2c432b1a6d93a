using Arbor.Core.Members;
using Arbor.Data;
using Arbor.Web.Estimates;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin.Members;

/// <summary>
/// A leaving member's inventory bought back: what is returnable on a date and the refund (Core's
/// <see cref="BuyBackQuery"/>), quantities to take back (all by default), then <see cref="BuyBack"/>:
/// the returns, the refund, the member terminated, the audit entry, in one transaction.
/// </summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Support)]
public sealed class BuyBackModel(ArborContext db, TimeProvider clock, EstimateService estimates, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    [FromRoute] public string Handle { get; set; } = "";

    [BindProperty(SupportsGet = true)] public DateOnly? Date { get; set; }
    [BindProperty(SupportsGet = true)] public string? Percent { get; set; }
    [BindProperty] public List<string> OrderNumber { get; set; } = [];
    [BindProperty] public List<string> Sku { get; set; } = [];
    [BindProperty] public List<int?> Quantity { get; set; } = [];

    public Member Member { get; private set; } = null!;
    public BuyBackPreview? Preview { get; private set; }
    public string Currency { get; private set; } = "";
    public DateOnly Day => Date ?? Today(clock);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Amount(Percent) is not { } percent) return await RefusedAsync(new Core.Problem("percent", a["BuyBack.PercentNotANumber"]), ct);
        var items = OrderNumber.Select((o, i) => new BuyBackLine(o, i < Sku.Count ? Sku[i] : "", i < Quantity.Count ? Quantity[i] ?? 0 : 0))
            .Where(l => l.Quantity != 0).ToList();
        if (items.Count == 0) return await RefusedAsync(new Core.Problem("items", a["BuyBack.NoneChosen"]), ct);
        // BuyBack writes its own audit entry, in its transaction.
        var done = await new BuyBack(db, clock).RunAsync(new BuyBackRequest(Handle, Day, Actor, percent, items), ct);
        if (!done.Ok) return await RefusedAsync(done.Problem!, ct);
        estimates.Changed();
        var r = done.Value!;
        Notice = a["BuyBack.Done", Handle, r.Returns.Count, Formats.Money(r.Refund, await CurrencyAsync(db, ct)), string.Join(", ", r.Returns.Select(o => o.Number))];
        return RedirectToPage("Detail", new { handle = Handle });
    }

    private async Task<IActionResult> RefusedAsync(Core.Problem problem, CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        Refused("buyback", problem);
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var member = await new MemberQueries(db).ByHandleAsync(Handle, ct);
        if (member is null) return false;
        Member = member;
        Currency = await CurrencyAsync(db, ct);
        Percent ??= "90";
        if (member.Status == "terminated") return true;
        var preview = await new BuyBackQuery(db).PreviewAsync(Handle, Day, Amount(Percent) ?? BuyBackRule.MinimumPercent, ct);
        if (preview.Ok) Preview = preview.Value;
        else Refused("buyback", preview.Problem!);
        return true;
    }
}
