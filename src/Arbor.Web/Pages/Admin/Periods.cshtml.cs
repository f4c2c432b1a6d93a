using Arbor.Core.Periods;
using Arbor.Data;
using Arbor.Web.Closing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Arbor.Web.Security;

namespace Arbor.Web.Pages.Admin;

/// <summary>Commission periods: the closed ones, the open ones with a preview of each, and closing the next one (in the background, its stages shown).</summary>
[Allows(read: StaffRoles.AllStaff, write: StaffRoles.Admin | StaffRoles.Finance)]
public sealed class PeriodsModel(ArborDatabase database, ArborContext db, TimeProvider clock, CloseJobs jobs, IStringLocalizer<Resources.Admin> a) : StaffPage
{
    /// <summary>An open period: from the one after the last closed up to today's.</summary>
    public sealed record OpenPeriod(PeriodKey Key, bool Closable);

    public IReadOnlyList<CommissionPeriod> Closed { get; private set; } = [];
    public IReadOnlyList<OpenPeriod> Open { get; private set; } = [];
    public PeriodSummary? Preview { get; private set; }
    public CloseJob? Job { get; private set; }
    public string Currency { get; private set; } = "";

    /// <summary>Whether closes take two people (<see cref="FourEyes"/>), and the closes prepared and waiting for the second.</summary>
    public bool FourEyes { get; private set; }
    public IReadOnlyList<Data.Approval> Pending { get; private set; } = [];

    public Data.Approval? PendingOf(string period) => Pending.FirstOrDefault(a => a.Period == period);

    public async Task OnGetAsync(string? preview, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (string.IsNullOrEmpty(preview)) return;
        var computed = await PeriodComputation.ComputeAsync(database, preview, plan: null, ct);
        if (computed.Ok) Preview = await PeriodSummary.OfAsync(database, computed.Value!, ct: ct);
        else Refused("preview", computed.Problem!);
    }

    /// <summary>Four eyes: computes the close and freezes its figures for a second person to approve.</summary>
    public async Task<IActionResult> OnPostPrepareAsync(string period, CancellationToken ct) =>
        await AnswerAsync("close", await new FourEyes(database, clock).PrepareAsync(MoneySteps.Close, period, Actor, ct),
            p => a["FourEyes.PreparedNotice", p.Period, p.Summary], () => LoadAsync(ct));

    public async Task<IActionResult> OnPostRejectAsync(string period, CancellationToken ct) =>
        await AnswerAsync("close", await new FourEyes(database, clock).RejectAsync(MoneySteps.Close, period, Actor, ct),
            _ => a["FourEyes.Rejected", period], () => LoadAsync(ct));

    /// <summary>Closes the period (in the background); with four eyes, approves the prepared close, which only someone else than its preparer may.</summary>
    public async Task<IActionResult> OnPostCloseAsync(string period, CancellationToken ct)
    {
        var approval = await new FourEyes(database, clock).ApprovalForAsync(MoneySteps.Close, period, Actor, ct);
        if (!approval.Ok)
        {
            await LoadAsync(ct);
            Refused("close", approval.Problem!);
            return Page();
        }
        if (!await jobs.StartAsync(period, Actor, ct))
        {
            await LoadAsync(ct);
            Refused("close", new Core.Problem("period", a["Periods.Busy", Job?.Period ?? period]));
            return Page();
        }
        return RedirectToPage();
    }

    /// <summary>The running or last close as JSON, for admin.js to show its stages while it runs.</summary>
    public async Task<IActionResult> OnGetStatusAsync(CancellationToken ct)
    {
        Currency = await CurrencyAsync(db, ct);
        var job = await jobs.CurrentAsync(ct);
        if (job is null) return new JsonResult(new { running = false });
        return new JsonResult(new
        {
            period = job.Period,
            running = !job.Done,
            done = job.Done,
            ok = job.Report is not null,
            stages = job.Stages.Select(s => new { name = s, label = StageLabel(s) }),
            result = job.Report is { } r ? a["Periods.Closed", r.Period, Formats.Count(r.Members), Formats.Count(r.Lines), Formats.Money(r.TotalPayout, Currency)].Value : null,
            problem = job.Problem?.Message,
        });
    }

    public string StageLabel(string stage) => a["Stage." + stage] is { ResourceNotFound: false } s ? s.Value : stage;

    private async Task LoadAsync(CancellationToken ct)
    {
        Job = await jobs.CurrentAsync(ct);
        Closed = await PeriodList.ClosedAsync(database, ct);
        Currency = await CurrencyAsync(db, ct);
        var fourEyes = new FourEyes(database, clock);
        FourEyes = await fourEyes.RequiredAsync(ct);
        Pending = [.. (await fourEyes.PendingAsync(ct)).Where(p => p.Step == MoneySteps.Close)];
        var today = Today(clock);
        var current = await Core.Periods.OpenPeriod.OnAsync(database, today, ct);
        if (!current.Ok) return;
        var open = new List<OpenPeriod>();
        var next = Closed.Count == 0 ? current.Value! : PeriodKey.Containing(Closed[0].EndsOn.AddDays(1), current.Value!.Kind).Value;
        // A few at most: the next to close, and those after it up to today's.
        while (next is not null && next.From <= current.Value!.To && open.Count < 6)
        {
            open.Add(new OpenPeriod(next, open.Count == 0 && next.To < today)); // closed in order
            next = PeriodKey.Containing(next.To.AddDays(1), next.Kind).Value;
        }
        Open = open;
    }
}
