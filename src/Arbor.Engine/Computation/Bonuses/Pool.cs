using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Leadership pool: <c>percent</c> % of total CV, shared among active members by the shares of their rank.
/// The contract read plainly, without the speed: <see cref="Reference.Pool"/>.
/// </summary>
internal static class Pool
{
    public static void Compute(PeriodContext ctx, PoolBonus bonus)
    {
        var pool = ctx.TotalCv * bonus.Percent / 100m;
        var paid = ctx.PaidIn(bonus);
        decimal totalShares = 0;
        for (var m = 0; m < paid.Length; m++)
        {
            if (paid[m]) totalShares += bonus.Shares[ctx.Rank[m]];
        }
        if (totalShares <= 0) return;
        var members = ctx.MembersInOrdinalOrder;
        ctx.EmitOnMembers(BonusType.Pool, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int from, int to, LineSink sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var m = members[i];
                if (!paid[m]) continue;
                var share = bonus.Shares[ctx.Rank[m]];
                if (share > 0) sink.Add(m, -1, m, 0, Money.Ratio(pool, share, totalShares));
            }
        });
    }
}
