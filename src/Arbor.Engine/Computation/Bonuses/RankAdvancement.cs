using System.Runtime.CompilerServices;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Rank advancement: the amounts of every rank above the old highest, up to the new paid-as rank.
/// The contract read plainly, without the speed: <see cref="Reference.RankAdvancement"/>.
/// </summary>
internal static class RankAdvancement
{
    public static void Compute(PeriodContext ctx, RankAdvancementBonus bonus)
    {
        var before = ctx.Network.HighestRank;
        var members = ctx.MembersInOrdinalOrder;
        var paid = ctx.PaidIn(bonus);
        ctx.EmitOnMembers(BonusType.RankAdvancement, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int from, int to, LineSink sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var m = members[i];
                if (!paid[m] || ctx.Rank[m] <= before[m]) continue;
                decimal amount = 0;
                for (var r = before[m] + 1; r <= ctx.Rank[m]; r++) amount += bonus.Amounts[r];
                sink.Add(m, -1, m, 0, Money.ToCents(amount));
            }
        });
    }
}
