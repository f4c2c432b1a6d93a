using Arbor.Engine.Plans;

namespace Arbor.Engine.Computation.Reference;

/// <summary>Contract section 5, matching.</summary>
internal static class Matching
{
    /// <summary>
    /// After the other bonuses (<paramref name="before"/>, rounded, before caps): for each active
    /// member m, generation g are the members exactly g sponsor levels below m, inactive ones
    /// included. m gets <c>percents[g−1]</c> % of each such member's total of the <c>of</c>
    /// bonuses if g is within <c>max_generations</c> of m's rank; one line per source member, level g.
    /// </summary>
    public static IEnumerable<Line> Pay(Standing period, MatchingBonus bonus, IReadOnlyList<Line> before)
    {
        var earned = before.Where(l => bonus.Of.Contains(l.Bonus)).GroupBy(l => l.PayeeId).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount));
        return bonus.GenerationRank is { } closing ? ClosedByRank(period, bonus, earned, closing) : BySponsorLevel(period, bonus, earned);
    }

    private static IEnumerable<Line> BySponsorLevel(Standing period, MatchingBonus bonus, Dictionary<string, decimal> earned)
    {
        foreach (var m in period.Company.Members)
        {
            if (!period.Paid(m.Id, bonus)) continue;
            IEnumerable<string> generation = [m.Id];
            for (var g = 1; g <= bonus.Percents.Count && g <= bonus.MaxGenerations[period.Rank(m.Id)]; g++)
            {
                generation = [.. generation.SelectMany(id => period.Company.Frontline(id)).Select(x => x.Id)];
                foreach (var x in generation)
                {
                    yield return Line.OnMember(m.Id, BonusType.Matching, x, g, Line.Percent(earned.GetValueOrDefault(x), bonus.Percents[g - 1]));
                }
            }
        }
    }

    /// <summary>
    /// Section 9.4: the generation of x below m is 1 + the members strictly between them on the
    /// sponsor path whose paid-as rank is at least <paramref name="closing"/>, however many
    /// sponsor levels apart they are; the rest as above.
    /// </summary>
    private static IEnumerable<Line> ClosedByRank(Standing period, MatchingBonus bonus, Dictionary<string, decimal> earned, int closing)
    {
        foreach (var x in period.Company.Members)
        {
            var between = 0;
            foreach (var m in period.Company.Upline(x.Id))
            {
                var g = 1 + between;
                if (g > bonus.Percents.Count) break;
                if (period.Paid(m.Id, bonus) && g <= bonus.MaxGenerations[period.Rank(m.Id)])
                {
                    yield return Line.OnMember(m.Id, BonusType.Matching, x.Id, g, Line.Percent(earned.GetValueOrDefault(x.Id), bonus.Percents[g - 1]));
                }
                if (period.Rank(m.Id) >= closing) between++;
            }
        }
    }
}
