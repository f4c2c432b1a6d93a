using Arbor.Core.Transfer;
using Arbor.Data;
using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>A clawback: the negative share of a stored line whose source order was returned after its period closed.</summary>
/// <param name="OriginalLineId">The line it reverses.</param>
/// <param name="ReturnOrderId">The return that caused it (its source order).</param>
public sealed record Clawback(long OriginalLineId, long PayeeId, long ReturnOrderId, long SourceMemberId, int Level, long Cents);

/// <summary>A period computed on live data: the engine's result plus the clawbacks of returns of closed periods' orders.</summary>
/// <param name="Version">The plan version in force on the period's first day; null when the caller gave a plan of its own (a what-if run).</param>
public sealed record ComputedPeriod(PeriodKey Key, PlanVersion? Version, Plan Plan, Snapshot Snapshot, PeriodResult Result, IReadOnlyList<Clawback> Clawbacks);

/// <summary>
/// What a preview shows and a close stores. Returns of orders whose period is closed are
/// settled here, not by the engine: their volume reduces this period's volumes as the contract
/// says, and each stored line sourced from the original order is clawed back in proportion to
/// the CV returned. Clawbacks are cumulative, so returning an order in parts claws back exactly
/// what returning it whole would: part k claws round(line × returned so far / CV) minus what
/// earlier parts clawed. The one code path of <c>commissions run --db</c> (<see cref="RunPeriod"/>),
/// <c>periods preview</c> (<see cref="PreviewPeriod"/>) and <c>periods close</c> (<see cref="ClosePeriod"/>),
/// so that a period has one answer whichever of them asks.
/// </summary>
public static class PeriodComputation
{
    /// <param name="plan">A plan to compute with instead of the version in force on the period's first day (<c>commissions run --db --plan</c>); null for the version in force.</param>
    public static async Task<Outcome<ComputedPeriod>> ComputeAsync(ArborDatabase database, string period, PlanText? plan = null, CancellationToken ct = default)
    {
        var parsed = PeriodKey.Parse(period);
        if (!parsed.Ok) return parsed.Problem!;
        var key = parsed.Value!;
        PlanVersion? version = null;
        await using (var db = database.CreateContext())
        {
            var company = await db.Company.AsNoTracking().SingleOrDefaultAsync(ct);
            if (company is null) return new Problem("company", "the company is not set up yet");
            if (company.PeriodKind != key.Kind) return new Problem("period", $"the company's commission periods are {company.PeriodKind}s, not {key.Kind}s");
            if (await db.Periods.AnyAsync(p => p.Key == key.Key, ct))
            {
                return new Problem("period", $"period {key.Key} is closed already: what it pays is stored (periods list, statement, payouts export); only open periods are computed");
            }
            if (plan is null)
            {
                version = await PlanVersions.InForceAsync(db, key.From, ct);
                if (version is null) return new Problem("plan", $"no plan version is in force on {key.From:yyyy-MM-dd}: upload one with `arbor plans upload`");
            }
        }
        var rules = plan?.Plan ?? PlanReader.Parse(version!.Yaml, $"plan version from {version.EffectiveFrom:yyyy-MM-dd}");
        return await ComputeAsync(database, key, version, rules, ct);
    }

    private static async Task<Outcome<ComputedPeriod>> ComputeAsync(ArborDatabase database, PeriodKey key, PlanVersion? version, Plan plan, CancellationToken ct)
    {
        PeriodEngine.PrepareInBackground(); // compiles while the snapshot is read
        var snapshot = await PeriodSnapshot.LoadAsync(database, plan, key.From, key.To, ct);

        var returns = Enumerable.Range(0, snapshot.Orders.Count)
            .Where(o => snapshot.Orders.Kind[o] == OrderKind.Return && snapshot.OriginalOrderIds[o] is not null)
            .ToList();
        var originals = returns.Select(o => snapshot.OriginalOrderIds[o]!.Value).Distinct().ToList();
        var settled = new bool[snapshot.Orders.Count];
        var clawbacks = new List<Clawback>();
        if (originals.Count > 0)
        {
            // Returns of orders dated before the period are settled here: clawed back where the
            // original's period stored lines; never charged to an upline that was not paid on it.
            var (originalDate, originalCv, returnedBefore) = await OriginalsAsync(database, originals, key.From, ct);
            var stored = await StoredLinesAsync(database, [.. originals.Where(o => originalDate[o] < key.From)], ct);
            foreach (var o in returns)
            {
                var original = snapshot.OriginalOrderIds[o]!.Value;
                if (originalDate[original] >= key.From) continue; // returned in its own period: the engine's, as the contract says
                settled[o] = true;
                var cv = originalCv[original];
                var before = returnedBefore.GetValueOrDefault(original);
                var after = before - snapshot.Orders.Cv[o];
                returnedBefore[original] = after;
                if (cv <= 0 || !stored.TryGetValue(original, out var lines)) continue;
                foreach (var line in lines)
                {
                    var cents = Share(line.Amount, after, cv) - Share(line.Amount, before, cv);
                    if (cents != 0) clawbacks.Add(new Clawback(line.Id, line.PayeeId, snapshot.OrderIds[o], snapshot.MemberIds[snapshot.Orders.Member[o]], line.Level, -cents));
                }
            }
        }
        var result = PeriodEngine.Run(plan, snapshot.Network, snapshot.Orders, snapshot.Period, settled);
        return new ComputedPeriod(key, version, plan, snapshot, result, clawbacks);
    }

    /// <summary>The line's share for <paramref name="returned"/> of <paramref name="cv"/> (at most all of it), in cents, rounded half to even.</summary>
    private static long Share(decimal amount, decimal returned, decimal cv) => Rounding.ToCents(amount * Math.Min(returned, cv) / cv);

    /// <summary>Stored lines (not retail profit, not clawbacks) whose source is one of <paramref name="orderIds"/>, by source order.</summary>
    private static async Task<Dictionary<long, List<StoredPayoutLine>>> StoredLinesAsync(ArborDatabase database, List<long> orderIds, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var lines = new List<StoredPayoutLine>();
        foreach (var chunk in orderIds.Chunk(500))
        {
            lines.AddRange(await db.PayoutLines.AsNoTracking()
                .Where(l => l.SourceOrderId != null && chunk.Contains(l.SourceOrderId.Value) && l.Bonus != "clawback" && l.Bonus != "retail_profit")
                .ToListAsync(ct));
        }
        return lines.GroupBy(l => l.SourceOrderId!.Value).ToDictionary(g => g.Key, g => g.OrderBy(l => l.Id).ToList());
    }

    /// <summary>Each original's date and CV, and the CV of its returns dated before <paramref name="from"/> (already settled).</summary>
    private static async Task<(Dictionary<long, DateOnly> Date, Dictionary<long, decimal> Cv, Dictionary<long, decimal> Returned)> OriginalsAsync(
        ArborDatabase database, List<long> originals, DateOnly from, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var date = new Dictionary<long, DateOnly>();
        var cv = new Dictionary<long, decimal>();
        var returned = new Dictionary<long, decimal>();
        foreach (var chunk in originals.Chunk(500))
        {
            foreach (var o in await db.Orders.AsNoTracking().Where(o => chunk.Contains(o.Id)).Select(o => new { o.Id, o.Date, o.Cv }).ToListAsync(ct))
            {
                date[o.Id] = o.Date;
                cv[o.Id] = o.Cv;
            }
            var earlier = await db.Orders.AsNoTracking()
                .Where(o => o.Kind == "return" && o.OriginalOrderId != null && chunk.Contains(o.OriginalOrderId.Value) && o.Date < from)
                .Select(o => new { Original = o.OriginalOrderId!.Value, o.Cv }).ToListAsync(ct);
            foreach (var r in earlier) returned[r.Original] = returned.GetValueOrDefault(r.Original) - r.Cv;
        }
        return (date, cv, returned);
    }
}
