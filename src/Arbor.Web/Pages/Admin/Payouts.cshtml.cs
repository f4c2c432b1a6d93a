using System.Globalization;
using Arbor.Core.Audit;
using Arbor.Core.Ledger;
using Arbor.Core.Periods;
using Arbor.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>Payouts per closed period: export the payment file (a download), confirm when the bank has paid.</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Finance)]
public sealed class PayoutsModel(ArborDatabase database, ArborContext db, TimeProvider clock, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    public IReadOnlyList<PeriodPayout> Periods { get; private set; } = [];
    public string Currency { get; private set; } = "";

    /// <summary>Whether export and confirmation take two people (<see cref="FourEyes"/>), and the steps prepared and waiting for the second.</summary>
    public bool FourEyes { get; private set; }
    public IReadOnlyList<Approval> Pending { get; private set; } = [];

    public Approval? PendingOf(string step, string period) => Pending.FirstOrDefault(a => a.Step == step && a.Period == period);

    public async Task<IActionResult> OnPostPrepareAsync(string period, string step, CancellationToken ct) =>
        step is not (MoneySteps.Export or MoneySteps.Confirm) ? BadRequest()
            : await AnswerAsync("payouts", await new FourEyes(database, clock).PrepareAsync(step, period, Actor, ct),
                p => a["FourEyes.PreparedNotice", p.Period, p.Summary], () => LoadAsync(ct));

    public async Task<IActionResult> OnPostRejectAsync(string period, string step, CancellationToken ct) =>
        step is not (MoneySteps.Export or MoneySteps.Confirm) ? BadRequest()
            : await AnswerAsync("payouts", await new FourEyes(database, clock).RejectAsync(step, period, Actor, ct),
                _ => a["FourEyes.Rejected", period], () => LoadAsync(ct));

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostExportAsync(string period, CancellationToken ct)
    {
        // Payouts writes the file; the browser gets it, and the temporary copy goes.
        var path = Path.Combine(Path.GetTempPath(), $"arbor-payouts-{Guid.NewGuid():N}.csv");
        try
        {
            var exported = await new Payouts(database, clock).ExportAsync(period, path, ct, approver: Actor);
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
        var confirmed = await new Payouts(database, clock).ConfirmAsync(period, ct, approver: Actor);
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
        var fourEyes = new FourEyes(database, clock);
        FourEyes = await fourEyes.RequiredAsync(ct);
        Pending = [.. (await fourEyes.PendingAsync(ct)).Where(p => p.Step != MoneySteps.Close)];
        Currency = await CurrencyAsync(db, ct);
    }
}
