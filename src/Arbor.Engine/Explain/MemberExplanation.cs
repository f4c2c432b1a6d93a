using System.Globalization;
using System.Text;
using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Output;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Explain;

/// <summary>
/// Explains one member's period in words a support desk can read to a distributor: where
/// PV and GV came from, why the member is (in)active, which rank requirements held or
/// failed leg by leg, and how every payout line was computed and capped.
/// </summary>
public static class MemberExplanation
{
    /// <summary>The explanation for member number <paramref name="m"/>.</summary>
    public static string Write(PeriodResult result, int m) => new Writer(result, m).Write();

    private sealed class Writer(PeriodResult r, int m)
    {
        private readonly StringBuilder _text = new();
        private readonly Network _net = r.Network;
        private readonly OrderBook _orders = r.Orders;
        private readonly Plan _plan = r.Plan;

        public string Write()
        {
            Header();
            PersonalVolume();
            GroupVolume();
            Activity();
            PaidAsRank();
            Binary();
            Qualifications();
            Payouts();
            Caps();
            return _text.ToString();
        }

        private void Line(string text = "") => _text.Append(text).Append('\n');

        /// <summary>
        /// The member's line amounts before caps, by line: the engine keeps only amounts after
        /// caps, so when the plan has caps the period is computed once more without them.
        /// </summary>
        private Dictionary<(BonusType, int, int, int), long> AmountsBeforeCaps()
        {
            if (_plan.Caps is { Member: null, PayoutPercent: null } && _plan.SalesRule is null) return [];
            // Before the 70 % rule's proportional step too: it comes right before the caps.
            var uncapped = PeriodEngine.Run(_plan with { Caps = new PlanCaps(null, null), SalesRule = null }, _net, _orders, r.Period, r.SettledElsewhereArray);
            return uncapped.Lines.Where(l => l.Payee == m).ToDictionary(l => (l.Bonus, l.SourceOrder, l.SourceMember, l.Level), l => l.Cents);
        }

        private static string V(decimal value) => DecimalText.Volume(value);
        private static string M(long cents) => DecimalText.Money(cents);
        private string Id(int member) => _net.Ids[member];
        private string RankName(int rank) => _plan.Ranks[rank].Name;
        private static string Date(int day) => DateOnly.FromDayNumber(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private void Header()
        {
            Line($"Member {Id(m)}, period {r.Period.From:yyyy-MM-dd} to {r.Period.To:yyyy-MM-dd}, plan \"{_plan.Name}\"");
            var sponsor = _net.Sponsor[m];
            Line($"  Sponsor: {(sponsor < 0 ? "none (a root of the sponsor tree)" : Id(sponsor))}. Joined {Date(_net.JoinedOn[m])}. Status: {(_net.Terminated[m] ? "terminated" : "active")}.");
            Line();
        }

        private void PersonalVolume()
        {
            Line($"Personal volume (PV): {V(r.Pv[m])}");
            var count = 0;
            foreach (var o in r.PeriodOrdersArray)
            {
                if (_orders.Member[o] != m) continue;
                count++;
                var kind = _orders.Kind[o].ToString().ToLowerInvariant();
                Line($"  {_orders.Ids[o]} on {Date(_orders.Date[o])}, {kind}: PV {V(_orders.Pv[o])}, CV {V(_orders.Cv[o])}");
            }
            if (count == 0) Line("  No orders in this period.");
            Line("  PV is the sum of the PV of the member's orders dated in the period, returns included.");
            Line();
        }

        private void GroupVolume()
        {
            var legs = r.Frontline(m);
            Line($"Group volume (GV): {V(r.Gv[m])} = PV {V(r.Pv[m])} + the GV of {legs.Length} frontline leg(s)");
            foreach (var c in legs)
            {
                Line($"  leg {Id(c)}: GV {V(r.Gv[c])}, best rank in the leg {RankName(r.BestRankInSubtree(c))}");
            }
            Line();
        }

        private void Activity()
        {
            if (_net.Terminated[m]) Line("Active: no. The member is terminated: never active, never ranked, paid nothing; its volume still counts upline.");
            else if (r.Active[m]) Line($"Active: yes. PV {V(r.Pv[m])} reaches the {V(_plan.ActiveMinPv)} PV a member needs to be active{RetailMet(_plan.ActiveQualification)}.");
            else if (r.Pv[m] >= _plan.ActiveMinPv)
            {
                Line($"Active: no. PV {V(r.Pv[m])} reaches the {V(_plan.ActiveMinPv)} PV a member needs, but the plan's retail conditions of activity are not met: {string.Join("; ", Missed(_plan.ActiveQualification, "the plan's"))}. Inactive members are paid no bonus but retail profit, and compression passes them by.");
            }
            else Line($"Active: no. PV {V(r.Pv[m])} is below the {V(_plan.ActiveMinPv)} PV a member needs; {V(_plan.ActiveMinPv - r.Pv[m])} PV more would have made it active. Inactive members are paid no bonus but retail profit.");
            Line();
        }

        private void PaidAsRank()
        {
            Line($"Paid-as rank: {RankName(r.Rank[m])}. Highest rank before the period: {RankName(_net.HighestRank[m])}; after it: {RankName(r.HighestRank[m])}.");
            for (var rank = _plan.Ranks.Count - 1; rank > 0; rank--)
            {
                var req = _plan.Ranks[rank];
                var check = r.CheckRank(m, rank);
                Line($"  {req.Name}: {(check.Met ? "met" : "not met")}");
                if (!check.ActiveOk) Line("    - the member must be active");
                Line($"    - PV {V(r.Pv[m])} of {V(req.MinPv)} needed: {(check.PvOk ? "ok" : $"short by {V(req.MinPv - r.Pv[m])}")}");
                var capNote = req.LegCap is { } cap ? $", each leg counted up to {V(cap)} ({V(req.MaxLegPercent!.Value)} % of {V(req.MinGv)})" : "";
                Line($"    - GV {V(check.CappedGv)}{capNote} of {V(req.MinGv)} needed: {(check.GvOk ? "ok" : $"short by {V(req.MinGv - check.CappedGv)}")}");
                if (req.Legs is { } legs)
                {
                    Line($"    - {legs.Count} leg(s) with a {RankName(legs.MinRank)} or above needed: {check.QualifiedLegs} found, {(check.LegsOk ? "ok" : "not enough")}");
                    foreach (var c in r.Frontline(m))
                    {
                        var best = r.BestRankInSubtree(c);
                        Line($"      leg {Id(c)}: best rank {RankName(best)} {(best >= legs.MinRank ? "qualifies" : "does not qualify")}");
                    }
                }
                if (check.Met) break;
            }
            Line();
        }

        private void Binary()
        {
            if (_plan.Find<BinaryBonus>() is not { } bonus || !r.HasBinary) return;
            var left = r.BinaryLeft[m];
            var right = r.BinaryRight[m];
            var matched = right < left ? right : left;
            var cap = bonus.CapFor(r.Rank[m]) is { } most ? $", at most {V(most)}" : "";
            var unpaid = r.Active[m] && r.Meets(bonus.Qualification, m) ? null
                : r.Active[m] ? "Not paid: the member misses the binary bonus's retail conditions (below); the volume is used all the same."
                : "Not paid: the member is inactive (the volume is used all the same).";
            Line($"Binary: left volume {V(left)} (carried in {V(_net.CarryLeft[m])}), right volume {V(right)} (carried in {V(_net.CarryRight[m])}).");
            if (bonus.Cycle is { } cycle)
            {
                var (cycles, leftGivesUp, rightGivesUp) = cycle.Match(left, right);
                var pairing = cycle.TwoToOne ? $"2:1, two volumes of {V(cycle.Volume)} from the stronger side and one from the other" : $"1:1, {V(cycle.Volume)} from each side";
                Line($"  Cycles ({pairing}): {V(cycles)}; the left gives up {V(leftGivesUp)}, the right {V(rightGivesUp)}. {unpaid ?? $"Paid {V(cycles)} × {V(cycle.Value[r.Rank[m]])} for a {RankName(r.Rank[m])}{cap}."}");
            }
            else Line($"  Matched (the weaker side): {V(matched)}. {unpaid ?? $"Paid {V(bonus.Percent)} % of it{cap}."}");
            Line($"  Carried out: left {V(r.CarryLeft[m])}, right {V(r.CarryRight[m])}{(bonus.MaxCarry is { } max ? $" (at most {V(max)} per side)" : "")}{(bonus.FlushIfInactive && !r.Active[m] ? "; flushed to 0 because the member is inactive" : "")}.");
            Line();
        }

        /// <summary>The member's retail figures, and each bonus whose own retail conditions it misses (issue 17).</summary>
        private void Qualifications()
        {
            if (!r.HasRetailFigures || _net.Terminated[m]) return;
            var retail = r.RetailPv[m];
            var personal = r.PersonalPv[m];
            var customers = CountsCustomers ? $", {r.RetailCustomersOf(m)} retail customer(s)" : "";
            Line($"Retail figures: retail PV {V(retail)}, own purchases (personal PV) {V(personal)}, retail share {Percent(RetailFigures.SharePercent(retail, personal))} %{customers} (returns left out).");
            foreach (var bonus in _plan.Bonuses)
            {
                if (bonus.Qualification.IsNone || !r.Active[m]) continue;
                var name = BonusNames.Of(bonus.Type);
                Line(r.Meets(bonus.Qualification, m)
                    ? $"  {name}: its retail conditions are met{RetailMet(bonus.Qualification)}."
                    : $"  {name}: not paid to this member: {string.Join("; ", Missed(bonus.Qualification, $"the {name} bonus's"))}. For this bonus the member counts as inactive.");
            }
            if (_plan.SalesRule is { } rule)
            {
                var s = Percent(rule.SharePercent(retail, personal));
                Line(rule.Factor(retail, personal) is { } f
                    ? $"  70 % rule: resold or consumed {s} % (retail PV {V(retail)} + own use up to {V(rule.OwnUsePv)}, of {V(retail + personal)} bought) is below the plan's {V(rule.Percent)} %, so each line of every bonus but retail profit is paid in proportion: × {s} / {V(rule.Percent)}, rounded again (after matching, before caps)."
                    : $"  70 % rule: resold or consumed {s} %, at or above the plan's {V(rule.Percent)} %: paid in full.");
            }
            Line();
        }

        private bool CountsCustomers => _plan.CountsRetailCustomers;

        /// <summary>", retail share 31 % of 25 % needed", or "" when <paramref name="q"/> has no conditions.</summary>
        private string RetailMet(Qualification q)
        {
            var parts = new List<string>();
            if (q.MinRetailShare is { } share) parts.Add($"retail share {Percent(RetailFigures.SharePercent(r.RetailPv[m], r.PersonalPv[m]))} % reaches the {V(share)} % needed");
            if (q.MinRetailCustomers is { } count) parts.Add($"{r.RetailCustomersOf(m)} retail customer(s), at least the {count} needed");
            return parts.Count == 0 ? "" : ", and " + string.Join(", ", parts);
        }

        /// <summary>Each condition of <paramref name="q"/> the member misses, with its figures.</summary>
        private List<string> Missed(Qualification q, string whose)
        {
            var missed = new List<string>();
            var (retail, personal) = (r.RetailPv[m], r.PersonalPv[m]);
            if (!q.ShareMet(retail, personal))
            {
                missed.Add($"retail share {Percent(RetailFigures.SharePercent(retail, personal))} % (retail PV {V(retail)} of {V(retail + personal)} bought) below {whose} {V(q.MinRetailShare!.Value)} %");
            }
            if (!q.CustomersMet(r.RetailCustomersOf(m)))
            {
                missed.Add($"{r.RetailCustomersOf(m)} retail customer(s), below {whose} {q.MinRetailCustomers}");
            }
            return missed;
        }

        /// <summary>A percent for reading, to 2 decimals (half to even), without trailing zeros.</summary>
        private static string Percent(decimal value) => Math.Round(value, 2, MidpointRounding.ToEven).ToString("0.##", CultureInfo.InvariantCulture);

        private void Payouts()
        {
            var lines = r.Lines.Where(l => l.Payee == m).ToList();
            var beforeCaps = AmountsBeforeCaps();
            Line($"Payouts: {lines.Count} line(s), total {M(r.EarningsCents[m])}.");
            foreach (var line in lines)
            {
                var before = beforeCaps.GetValueOrDefault((line.Bonus, line.SourceOrder, line.SourceMember, line.Level), line.Cents);
                var capped = line.Cents != before ? $" (before {(_plan.SalesRule is null ? "" : "the 70 % rule and ")}caps {M(before)})" : "";
                Line($"  {BonusNames.Of(line.Bonus)} {M(line.Cents)}{capped}: {Describe(line)}");
            }
            Line();
        }

        private string Describe(PayoutLine line)
        {
            var o = line.SourceOrder;
            var x = line.SourceMember;
            string Order() => $"order {_orders.Ids[o]} of {Id(x)} (CV {V(_orders.Cv[o])})";
            switch (line.Bonus)
            {
                case BonusType.RetailProfit:
                    return $"retail order {_orders.Ids[o]}: the customer paid {V(_orders.AmountOf(o))}, the member price is {V(_orders.WholesaleOf(o))}.";
                case BonusType.FastStart:
                {
                    var b = _plan.Find<FastStartBonus>()!;
                    var days = _orders.Date[o] - _net.JoinedOn[x];
                    var instead = b.Exclusive && _plan.Find<UnilevelBonus>() is not null ? $" Inside the {(b.WithinDays is { } w ? $"{w}-day " : "")}window the order pays fast start instead of unilevel." : "";
                    return $"{Order()}, placed {days} day(s) after {Id(x)} joined; you are {line.Level} level(s) up: {V(b.Percents[line.Level - 1])} %.{instead}";
                }
                case BonusType.Unilevel:
                {
                    var b = _plan.Find<UnilevelBonus>()!;
                    var limit = b.MaxLevels[r.Rank[m]];
                    var depth = limit == int.MaxValue ? "every level" : $"{limit} level(s)";
                    var tree = b.OverPlacement ? " up the placement tree" : "";
                    return $"{Order()} at level {line.Level}{tree}{(b.DynamicCompression ? $" (inactive members in between are skipped{(b.Qualification.IsNone ? "" : ", and those missing the bonus's retail conditions")})" : "")}: {V(b.Percents[line.Level - 1])} %; your rank {RankName(r.Rank[m])} is paid on {depth}.";
                }
                case BonusType.Stairstep when line.Level > 100:
                {
                    var b = _plan.Find<StairstepBonus>()!;
                    return $"{Order()}: generation {line.Level - 100} override above a {RankName(b.BreakawayRank!.Value)} breakaway: {V(b.Overrides[line.Level - 101])} %.";
                }
                case BonusType.Stairstep:
                {
                    var b = _plan.Find<StairstepBonus>()!;
                    var own = b.PercentOf(r.Rank[m], r.Gv[m]);
                    var below = PaidBelow(b, x, m);
                    var whose = b.Slabs is { } slabs
                        ? $"your GV {V(r.Gv[m])} reaches the slab from {V(slabs.Last(s => s.MinGv <= r.Gv[m]).MinGv)}, percent"
                        : $"your {RankName(r.Rank[m])} percent";
                    var start = b.StartAtSponsor ? $" (the walk starts at {Id(x)}'s sponsor: no one is paid on its own orders)" : "";
                    return $"{Order()}, {line.Level} step(s) below you{start}: {whose} {V(own)} % minus {V(below)} % already paid below = {V(own - below)} %.";
                }
                case BonusType.Binary:
                {
                    var b = _plan.Find<BinaryBonus>()!;
                    var cap = b.CapFor(r.Rank[m]) is { } most ? $", at most {V(most)}" : "";
                    if (b.Cycle is { } cycle)
                    {
                        var cycles = cycle.Match(r.BinaryLeft[m], r.BinaryRight[m]).Cycles;
                        return $"{V(cycles)} cycle(s) of {V(cycle.Volume)} × {V(cycle.Value[r.Rank[m]])} for a {RankName(r.Rank[m])}{cap}.";
                    }
                    var matched = Math.Min(r.BinaryLeft[m], r.BinaryRight[m]);
                    return $"{V(b.Percent)} % of the matched volume {V(matched)}{cap}.";
                }
                case BonusType.RankAdvancement:
                {
                    var b = _plan.Find<RankAdvancementBonus>()!;
                    var parts = Enumerable.Range(_net.HighestRank[m] + 1, r.Rank[m] - _net.HighestRank[m])
                        .Where(rank => b.Amounts[rank] != 0).Select(rank => $"{RankName(rank)} {V(b.Amounts[rank])}");
                    return $"new paid-as rank {RankName(r.Rank[m])} above the previous highest {RankName(_net.HighestRank[m])}: {string.Join(" + ", parts)}.";
                }
                case BonusType.Pool:
                {
                    var b = _plan.Find<PoolBonus>()!;
                    decimal total = 0;
                    for (var i = 0; i < r.Active.Length; i++) if (r.Active[i] && r.Meets(b.Qualification, i)) total += b.Shares[r.Rank[i]];
                    return $"the pool is {V(b.Percent)} % of total CV {V(r.TotalCv)}; your {RankName(r.Rank[m])} share {V(b.Shares[r.Rank[m]])} of {V(total)} shares.";
                }
                case BonusType.Matching:
                {
                    var b = _plan.Find<MatchingBonus>()!;
                    var of = string.Join(" and ", b.Of.Select(BonusNames.Of));
                    return $"{Id(x)}, generation {line.Level} below you{Closed(b, x)}, earned {M(r.MatchingBase[x])} in {of} before caps: {V(b.Percents[line.Level - 1])} %.";
                }
                case BonusType.Clawback:
                default:
                    return "";
            }
        }

        /// <summary>Replays the differential walk from <paramref name="x"/> (or its sponsor) up to <paramref name="payee"/>: the percent paid below the payee.</summary>
        private decimal PaidBelow(StairstepBonus b, int x, int payee)
        {
            decimal paid = 0;
            for (var u = b.StartAtSponsor ? _net.Sponsor[x] : x; u >= 0 && u != payee; u = _net.Sponsor[u])
            {
                var percent = b.PercentOf(r.Rank[u], r.Gv[u]);
                if (r.Active[u] && r.Meets(b.Qualification, u) && percent > paid) paid = percent;
            }
            return paid;
        }

        /// <summary>Section 9.4: the members between you and <paramref name="x"/> that closed a generation, in words.</summary>
        private string Closed(MatchingBonus b, int x)
        {
            if (b.GenerationRank is not { } closing) return "";
            var closers = new List<string>();
            for (var u = _net.Sponsor[x]; u >= 0 && u != m; u = _net.Sponsor[u])
            {
                if (r.Rank[u] >= closing) closers.Add(Id(u));
            }
            closers.Reverse();
            return closers.Count == 0
                ? $" (no {RankName(closing)} or above between you)"
                : $" (generations close at each {RankName(closing)} or above: {string.Join(", ", closers)})";
        }

        private void Caps()
        {
            var caps = r.Caps;
            if (caps.MemberCap is null && caps.PayoutLimit is null) return;
            Line("Caps (on every bonus but retail profit):");
            if (caps.MemberCap is { } cap)
            {
                var total = r.CapBase[m] / 100m;
                Line(total > cap
                    ? $"  Member cap {V(cap)}: your bonuses came to {M(r.CapBase[m])} before caps, so each line was scaled by {V(cap)} / {V(total)}."
                    : $"  Member cap {V(cap)}: your bonuses came to {M(r.CapBase[m])}, within the cap.");
            }
            if (caps.PayoutLimit is { } limit)
            {
                Line(caps.PayoutCapApplied
                    ? $"  Payout cap: all members' bonuses came to {V(caps.GrandTotalBeforePayoutCap)}, above the limit {V(limit)} ({V(_plan.Caps.PayoutPercent!.Value)} % of total CV {V(r.TotalCv)}), so every line was scaled by {V(limit)} / {V(caps.GrandTotalBeforePayoutCap)}."
                    : $"  Payout cap: all members' bonuses came to {V(caps.GrandTotalBeforePayoutCap)}, within the limit {V(limit)}.");
            }
        }
    }
}
