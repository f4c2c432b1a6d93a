using System.Runtime.CompilerServices;
using Arbor.Engine.Model;
using Arbor.Engine.Plans;
using Arbor.Engine.Runtime;

namespace Arbor.Engine.Computation.Bonuses;

/// <summary>
/// Binary: each member's left and right volume (carry in + the CV of its placement subtree
/// on that side, never below 0) are matched; an active member is paid <c>percent</c> % of the
/// matched volume up to <c>cap</c>, and what is left is carried out, up to <c>max_carry</c>.
/// The contract read plainly, without the speed: <see cref="Reference.Binary"/>.
/// </summary>
internal sealed class Binary
{
    public Binary(int count)
    {
        Left = new decimal[count];
        Right = new decimal[count];
        CarryLeft = new decimal[count];
        CarryRight = new decimal[count];
    }

    /// <summary>Left volume after carry in, before matching.</summary>
    public decimal[] Left { get; }

    /// <summary>Right volume after carry in, before matching.</summary>
    public decimal[] Right { get; }

    public decimal[] CarryLeft { get; }
    public decimal[] CarryRight { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Compute(PeriodContext ctx, BinaryBonus bonus)
    {
        var network = ctx.Network;
        var n = network.Count;
        var leftChild = new int[n];
        var rightChild = new int[n];
        var placement = ctx.Placement ?? new Forest(network.PlacementParent);
        // A placement parent has at most one child per side (the builder checks it).
        Cores.ForRanges(n, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (_, from, to) =>
        {
            for (var p = from; p < to; p++)
            {
                leftChild[p] = -1;
                rightChild[p] = -1;
                foreach (var c in placement.ChildrenOf(p))
                {
                    if (network.Side[c] == Side.Left) leftChild[p] = c;
                    else rightChild[p] = c;
                }
            }
        });

        // Subtree CV bottom-up over the placement tree.
        var subtree = new decimal[n];
        var topDown = placement.TopDown;
        for (var i = n - 1; i >= 0; i--)
        {
            var m = topDown[i];
            var sum = ctx.OwnCv[m];
            if (leftChild[m] >= 0) sum += subtree[leftChild[m]];
            if (rightChild[m] >= 0) sum += subtree[rightChild[m]];
            subtree[m] = sum;
        }

        // Each member is paid on its own legs only: ranges of members on every core.
        var membersInOrder = ctx.MembersInOrdinalOrder;
        // Paying looks at the bonus's conditions; flushing carries at activity alone (decision 18).
        var paid = ctx.PaidIn(bonus);
        var active = ctx.Active;
        var percent = new ExactDecimal(bonus.Percent);
        // Rounding to cents never reverses an order, so capping the rounded amount at the
        // rounded cap pays what rounding the capped amount would: min(round(a), round(c)) = round(min(a, c)).
        var capCents = ctx.Plan.Ranks.Select((_, r) => bonus.CapFor(r) is { } cap ? Money.ToCents(cap) : long.MaxValue).ToArray();
        var rank = ctx.Rank;
        var cycle = bonus.Cycle;
        ctx.EmitOnMembers(BonusType.Binary, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int from, int to, LineSink sink) =>
        {
            for (var i = from; i < to; i++)
            {
                var m = membersInOrder[i];
                var left = network.CarryLeft[m] + (leftChild[m] >= 0 ? subtree[leftChild[m]] : 0m);
                var right = network.CarryRight[m] + (rightChild[m] >= 0 ? subtree[rightChild[m]] : 0m);
                if (left < 0) left = 0;
                if (right < 0) right = 0;
                Left[m] = left;
                Right[m] = right;
                decimal carryLeft, carryRight;
                if (cycle is null)
                {
                    var matched = right < left ? right : left;
                    if (paid[m]) sink.Add(m, -1, m, 0, Math.Min(Money.Percent(new ExactDecimal(matched), percent), capCents[rank[m]]));
                    (carryLeft, carryRight) = (left - matched, right - matched);
                }
                else
                {
                    // Section 9.2: the volume of the cycles is given up whether or not the member is paid.
                    var (cycles, leftGivesUp, rightGivesUp) = cycle.Match(left, right);
                    if (paid[m] && cycles > 0) sink.Add(m, -1, m, 0, Math.Min(Money.ToCents(cycles * cycle.Value[rank[m]]), capCents[rank[m]]));
                    (carryLeft, carryRight) = (left - leftGivesUp, right - rightGivesUp);
                }
                if (bonus.FlushIfInactive && !active[m])
                {
                    CarryLeft[m] = 0;
                    CarryRight[m] = 0;
                    continue;
                }
                if (bonus.MaxCarry is { } max)
                {
                    if (carryLeft > max) carryLeft = max;
                    if (carryRight > max) carryRight = max;
                }
                CarryLeft[m] = carryLeft;
                CarryRight[m] = carryRight;
            }
        });
    }
}
