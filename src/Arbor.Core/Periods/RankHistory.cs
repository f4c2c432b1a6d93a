using Arbor.Data;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Periods;

/// <summary>A member's ranks: paid-as and highest per closed period, and when each rank was first reached.</summary>
public sealed record Ranks(IReadOnlyList<(string Period, string PaidAs, string Highest)> Periods, IReadOnlyList<(string Rank, DateOnly ReachedOn)> Reached);

public sealed class RankHistory(ArborContext db)
{
    public async Task<Outcome<Ranks>> ForMemberAsync(string handle, CancellationToken ct = default)
    {
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Handle == handle, ct);
        if (member is null) return new Problem("member", $"unknown member '{handle}'");
        var periods = await db.PeriodMembers.AsNoTracking().Where(p => p.MemberId == member.Id)
            .Join(db.Periods, p => p.PeriodId, p => p.Id, (m, p) => new { p.Key, p.EndsOn, m.Rank, m.HighestRank })
            .OrderBy(x => x.EndsOn).ToListAsync(ct);
        var reached = await db.RankHistory.AsNoTracking().Where(r => r.MemberId == member.Id).OrderBy(r => r.ReachedOn).ToListAsync(ct);
        return new Ranks([.. periods.Select(p => (p.Key, p.Rank, p.HighestRank))], [.. reached.Select(r => (r.Rank, r.ReachedOn))]);
    }
}
