using System.Globalization;
using Arbor.Core.Audit;
using Arbor.Core.Ledger;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>The ledger: the largest member balances, one member's movements, and adjustments.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Finance)]
public sealed class LedgerModel(ArborDatabase database, ArborContext db, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    public const int Shown = 50;

    [BindProperty(SupportsGet = true)] public string? Member { get; set; }
    [BindProperty] public string? AdjustAmount { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public IReadOnlyList<(Member Member, decimal Balance)> Balances { get; private set; } = [];
    public Statement? Statement { get; private set; }
    public string Currency { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (string.IsNullOrWhiteSpace(Member)) return;
        var statement = await new LedgerQueries(db).ForMemberAsync(Member.Trim(), ct);
        if (statement.Ok) Statement = statement.Value;
        else Refused("member", statement.Problem!);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Amount(AdjustAmount) is not { } amount)
        {
            await LoadAsync(ct);
            Refused("adjust", new Core.Problem("amount", a["Products.NotANumber"]));
            return Page();
        }
        var request = new AdjustmentRequest(Member?.Trim() ?? "", amount, Reason ?? "", Actor, Today(clock));
        var adjusted = await new Adjust(db).RunAsync(request, ct);
        if (!adjusted.Ok)
        {
            db.ChangeTracker.Clear();
            await LoadAsync(ct);
            Refused("adjust", adjusted.Problem!);
            return Page();
        }
        await new AuditLog(database, clock).RecordAsync(Actor, "ledger-adjust", request.MemberHandle,
            string.Create(CultureInfo.InvariantCulture, $"{amount:0.00}: {request.Reason.Trim()}"), ct);
        Notice = a["Ledger.Adjusted", request.MemberHandle, Formats.Money(amount, await CurrencyAsync(db, ct))];
        return RedirectToPage(new { member = request.MemberHandle });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Balances = await new LedgerQueries(db).LargestBalancesAsync(Shown, ct);
        Currency = await CurrencyAsync(db, ct);
    }
}
