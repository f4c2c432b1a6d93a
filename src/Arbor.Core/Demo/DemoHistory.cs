using Arbor.Core.Periods;
using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Demo;

/// <summary>
/// Closes the demo company's past: every period from the one of its first order up to the last
/// one that has ended, in order, so that every page of the web app has history to show. Periods
/// closed already are skipped; the open period stays open. The first period closed is the first
/// that starts on or after the first plan version's effective date (a period needs a plan in
/// force on its first day).
/// </summary>
public sealed class DemoHistory(ArborDatabase database, TimeProvider clock)
{
    public async Task<Outcome<IReadOnlyList<CloseReport>>> CloseAsync(IProgress<string>? progress = null, CancellationToken ct = default)
    {
        DateOnly? first;
        string kind;
        string? lastClosed;
        await using (var db = database.CreateContext())
        {
            first = await db.Orders.AsNoTracking().OrderBy(o => o.Date).Select(o => (DateOnly?)o.Date).FirstOrDefaultAsync(ct);
            var plan = await db.Plans.AsNoTracking().OrderBy(p => p.EffectiveFrom).Select(p => (DateOnly?)p.EffectiveFrom).FirstOrDefaultAsync(ct);
            if (plan is null) first = null;
            else if (first < plan) first = plan;
            kind = await db.Company.AsNoTracking().Select(c => c.PeriodKind).SingleOrDefaultAsync(ct) ?? "month";
            lastClosed = await db.Periods.AsNoTracking().OrderByDescending(p => p.EndsOn).Select(p => p.Key).FirstOrDefaultAsync(ct);
        }
        var closed = new List<CloseReport>();
        // A demo company set to four eyes is closed by its staff, two by two, not by its history.
        if (first is null || await new FourEyes(database, clock).RequiredAsync(ct)) return closed;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var next = PeriodKey.Containing(first.Value, kind);
        if (next.Ok && next.Value!.From < first.Value) next = PeriodKey.Containing(next.Value.To.AddDays(1), kind);
        if (lastClosed is not null)
        {
            var last = PeriodKey.Parse(lastClosed);
            if (!last.Ok) return last.Problem!;
            next = PeriodKey.Containing(last.Value!.To.AddDays(1), kind);
        }
        while (next.Ok && next.Value!.To < today)
        {
            var report = await new ClosePeriod(database, clock).RunAsync(next.Value.Key, ct: ct);
            if (!report.Ok) return report.Problem!;
            closed.Add(report.Value!);
            progress?.Report($"closed {report.Value!.Period}: {report.Value.Lines:N0} payout lines, {report.Value.TotalPayout:N2} paid");
            next = PeriodKey.Containing(next.Value.To.AddDays(1), kind);
        }
        return next.Ok ? closed : next.Problem!;
    }
}
