using System.Globalization;
using Arbor.Core.Audit;
using Arbor.Core.Ledger;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Arbor.Web.Pages.Admin;

/// <summary>Payouts per closed period: export the payment file (a download), confirm when the bank has paid.</summary>
public sealed class PayoutsModel(ArborDatabase database, ArborContext db, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    public IReadOnlyList<PeriodPayout> Periods { get; private set; } = [];
    public string Currency { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostExportAsync(string period, CancellationToken ct)
    {
        // Payouts writes the file; the browser gets it, and the temporary copy goes.
        var path = Path.Combine(Path.GetTempPath(), $"arbor-payouts-{Guid.NewGuid():N}.csv");
        try
        {
            var exported = await new Payouts(database, clock).ExportAsync(period, path, ct);
            if (!exported.Ok)
            {
                await LoadAsync(ct);
                Refused("payouts", exported.Problem!);
                return Page();
            }
            var f = exported.Value!;
            await new AuditLog(database, clock).RecordAsync(Actor, "payouts-export", period,
                string.Create(CultureInfo.InvariantCulture, $"{f.Members} members, {f.Total:0.00} {f.Currency}{(f.New ? ", new batch" : "")}"), ct);
            return File(await System.IO.File.ReadAllBytesAsync(path, ct), "text/csv", $"payouts-{period}.csv");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    public async Task<IActionResult> OnPostConfirmAsync(string period, CancellationToken ct)
    {
        var confirmed = await new Payouts(database, clock).ConfirmAsync(period, ct);
        if (!confirmed.Ok)
        {
            await LoadAsync(ct);
            Refused("payouts", confirmed.Problem!);
            return Page();
        }
        var f = confirmed.Value!;
        await new AuditLog(database, clock).RecordAsync(Actor, "payouts-confirm", period,
            string.Create(CultureInfo.InvariantCulture, $"{f.Members} members, {f.Total:0.00} {f.Currency}"), ct);
        Notice = a["Payouts.Confirmed", period, Formats.Count(f.Members), Formats.Money(f.Total, f.Currency)];
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Periods = await PayoutBatchList.ClosedAsync(database, ct);
        Currency = await CurrencyAsync(db, ct);
    }
}
