using System.Text.Json;
using Arbor.Core.Ledger;
using Arbor.Core.Office;
using Arbor.Data;
using Arbor.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Office;

/// <summary>The viewer's earnings per closed period and bonus (a chart and the same as a table), its ledger, and its statements.</summary>
public sealed class EarningsModel(Viewer viewer, ArborContext db, IStringLocalizer<Resources.Office> o) : PageModel
{
    public string Currency { get; private set; } = "";
    public IReadOnlyList<string> Periods { get; private set; } = [];
    public IReadOnlyList<string> Bonuses { get; private set; } = [];

    /// <summary>Per period and bonus, the amount (0 when the bonus paid nothing that period).</summary>
    public IReadOnlyDictionary<(string Period, string Bonus), decimal> Amounts { get; private set; } = new Dictionary<(string, string), decimal>();
    public Statement Ledger { get; private set; } = null!;
    public IReadOnlyList<string> ClosedPeriods { get; private set; } = [];

    /// <summary>The chart's data for office.js: period keys, and per bonus its amounts in period order.</summary>
    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var self = await viewer.SelfAsync(ct);
        if (!self.Ok) return NotFound();
        var me = self.Value!;
        Currency = (await db.Company.AsNoTracking().SingleAsync(ct)).Currency;
        var history = await new EarningsHistory(db).ByPeriodAndBonusAsync(me.Id, ct);
        // Every closed period, oldest first, so that a month without earnings shows as one.
        ClosedPeriods = await db.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).Select(p => p.Key).ToListAsync(ct);
        Periods = [.. ClosedPeriods.Reverse()];
        Bonuses = [.. history.Select(h => h.Bonus).Distinct().Order(StringComparer.Ordinal)];
        Amounts = history.ToDictionary(h => (h.Period, h.Bonus), h => h.Amount);
        ChartJson = JsonSerializer.Serialize(new
        {
            periods = Periods,
            series = Bonuses.Select(b => new { name = o["Bonus." + b].Value, values = Periods.Select(p => Amount(p, b)) }),
        });
        Ledger = (await new LedgerQueries(db).ForMemberAsync(me.Handle, ct)).Unwrap();
        return Page();
    }

    public decimal Amount(string period, string bonus) => Amounts.GetValueOrDefault((period, bonus));

    public decimal Total(string period) => Bonuses.Sum(b => Amount(period, b));
}
