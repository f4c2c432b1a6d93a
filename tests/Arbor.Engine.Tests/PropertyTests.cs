using System.Globalization;
using Arbor.Engine.Computation;
using Arbor.Engine.Computation.Bonuses;
using Arbor.Engine.Output;
using Arbor.Engine.Plans;
using FsCheck;
using FsCheck.Fluent;

namespace Arbor.Engine.Tests;

/// <summary>Invariants of the contract on random networks with every bonus type, both caps, returns and terminations.</summary>
public class PropertyTests
{
    private const string Plan = """
        name: property plan
        active: { min_pv: 50 }
        ranks:
          - name: Member
          - name: Bronze
            min_pv: 50
            min_gv: 300
            max_leg_percent: 60
          - name: Silver
            min_pv: 100
            min_gv: 1200
            legs: { count: 2, min_rank: Bronze }
        bonuses:
          - type: retail_profit
          - type: fast_start
            within_days: 20
            percents: [20, 5]
          - type: unilevel
            compression: dynamic
            percents: [5, 4, 3]
            max_levels: { Member: 1, Bronze: 2, Silver: 3 }
          - type: binary
            percent: 10
            cap: 40
            max_carry: 500
            flush_if_inactive: true
          - type: stairstep
            percents: { Bronze: 3, Silver: 6 }
            breakaway_rank: Silver
            overrides: [2, 1]
          - type: rank_advancement
            amounts: { Bronze: 20, Silver: 100 }
          - type: pool
            percent: 2
            shares: { Bronze: 1, Silver: 2 }
          - type: matching
            of: [unilevel, binary, fast_start]
            percents: [10, 5]
            max_generations: { Bronze: 1, Silver: 2 }
        caps:
          member: 150
          payout_percent: 35
        """;

    private static readonly decimal[] UnilevelPercents = [5, 4, 3];

    /// <summary>A random company as CSV text: members (each sponsored by an earlier one) and orders.</summary>
    private sealed record Company(string Members, string Orders, int MemberCount)
    {
        public override string ToString() => $"{MemberCount} members\n{Members}\n{Orders}";
    }

    private static Company Build(int seed, int size, bool shuffled = false)
    {
        var random = new Random(seed);
        var members = new List<string>();
        var freeSlots = new List<(int Parent, char Side)>();
        for (var i = 0; i < size; i++)
        {
            var sponsor = i == 0 ? "" : $"M{random.Next(i)}";
            var placement = "";
            var side = "";
            if (i > 0 && freeSlots.Count > 0)
            {
                var slot = random.Next(freeSlots.Count);
                (var parent, var s) = freeSlots[slot];
                freeSlots.RemoveAt(slot);
                placement = $"M{parent}";
                side = s.ToString();
            }
            freeSlots.Add((i, 'L'));
            freeSlots.Add((i, 'R'));
            var status = random.Next(12) == 0 ? "terminated" : "active";
            var joined = new DateOnly(2026, 10, 1).AddDays(random.Next(60) - 30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var highest = random.Next(6) == 0 ? "Bronze" : "";
            var carry = random.Next(4) == 0 ? random.Next(0, 400).ToString(CultureInfo.InvariantCulture) : "";
            members.Add($"M{i},{sponsor},{joined},{status},{placement},{side},{highest},{carry},");
        }
        var orders = new List<string>();
        var orderCount = size * 3;
        for (var o = 0; o < orderCount; o++)
        {
            var m = random.Next(size);
            var date = new DateOnly(2026, 11, 1).AddDays(random.Next(34) - 2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var pv = 10 * (1 + random.Next(15));
            var cv = $"{pv * 9 / 10}.{random.Next(10)}";
            var kind = random.Next(10);
            orders.Add(kind switch
            {
                < 2 => $"O{o},{date},M{m},retail,{pv},{cv},{pv * 1.3m:0.00},{pv:0.00},",
                < 3 => $"O{o},{date},M{m},return,-{pv / 2},-{pv / 2}.5,,,O{random.Next(Math.Max(1, o))}",
                _ => $"O{o},{date},M{m},personal,{pv},{cv},,,",
            });
        }
        if (shuffled)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members));
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(orders));
        }
        return new Company(
            "id,sponsor_id,joined_on,status,placement_id,side,highest_rank,carry_left,carry_right\n" + string.Join('\n', members) + "\n",
            "id,date,member_id,kind,pv,cv,amount,wholesale,original_id\n" + string.Join('\n', orders) + "\n",
            size);
    }

    private static Arbitrary<(int Seed, int Size)> Companies() =>
        Gen.Choose(0, int.MaxValue - 1).SelectMany(seed => Gen.Choose(1, 120).Select(size => (seed, size))).ToArbitrary();

    private static void ForAll(Func<PeriodResult, Company, bool> property) =>
        Prop.ForAll(Companies(), c =>
        {
            var company = Build(c.Seed, c.Size);
            return property(Run.Period(Plan, company.Members, company.Orders), company);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void PercentOfAVolume_IsTheExactDecimalProductRoundedHalfToEven() =>
        // Volumes of 0–6 decimals and percents of 0–3, both signs, small mantissas so that many
        // land exactly on half a cent: the integer paths (a constant divisor per exponent, or
        // any other) against plain decimal arithmetic and Math.Round.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), Prop.ForAll(
            Gen.Choose(-20_000, 20_000).SelectMany(v => Gen.Choose(0, 6).Select(s => new decimal(Math.Abs(v), 0, 0, v < 0, (byte)s))).ToArbitrary(),
            Gen.Choose(0, 2_000).SelectMany(p => Gen.Choose(0, 3).Select(s => new decimal(p, 0, 0, false, (byte)s))).ToArbitrary(),
            (volume, percent) =>
            {
                var expected = (long)(Math.Round(volume * percent / 100m, 2, MidpointRounding.ToEven) * 100m);
                return Money.Percent(volume, percent) == expected
                    && Money.Percent(new ExactDecimal(volume), new ExactDecimal(percent)) == expected;
            }));

    [Fact]
    public void AnAmountOfCents_IsTheDecimalOfThoseCents_AndItsPercentsAreThoseOfThatDecimal() =>
        // Matching takes its basis as cents (ExactDecimal.OfCents, no decimal division): small
        // and huge amounts of both signs, the extremes included.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), Prop.ForAll(
            Gen.OneOf(Gen.Choose(-100_000, 100_000).Select(c => (long)c), Gen.Choose(int.MinValue, int.MaxValue).Select(c => (long)c * 3_000_017L), Gen.Elements(long.MinValue, long.MaxValue, 0L, int.MaxValue, int.MinValue, 1L + int.MaxValue)).ToArbitrary(),
            Gen.Choose(0, 2_000).SelectMany(p => Gen.Choose(0, 3).Select(s => new decimal(p, 0, 0, false, (byte)s))).ToArbitrary(),
            (cents, percent) =>
            {
                var amount = ExactDecimal.OfCents(cents);
                var paidFits = Math.Abs((decimal)cents) <= long.MaxValue / 20; // up to 2,000 % of it still fits in cents
                return amount.Value == cents / 100m && amount.Value.Scale == 2
                    && (!paidFits || Money.Percent(amount, new ExactDecimal(percent)) == Money.Percent(cents / 100m, percent));
            }));

    [Fact]
    public void PercentsOfOneScale_PayWhatEachPercentPaysAlone() =>
        // Template bonuses scale a bonus's percents to one scale and divide each order's lines
        // by one power of ten: against Money.Percent line by line, with CVs and percents of
        // every scale up to past the integer path's, both signs, unset (zero) percents, and
        // mantissas too large for it.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3_000), Prop.ForAll(
            Gen.OneOf(Decimal(int.MaxValue, 2), Decimal(int.MaxValue, 6)).ArrayOf().Select(a => a.Select(Math.Abs).Append(0m).ToArray()).ToArbitrary(),
            Decimal(int.MaxValue, 5).ToArbitrary(),
            (percents, cvValue) =>
            {
                var exact = percents.Select(p => p == 0 ? default : new ExactDecimal(p)).ToArray();
                var scaled = ScaledPercents.Of(exact);
                var cv = new ExactDecimal(cvValue);
                var power = scaled.PowerOfTenFor(cv);
                return exact.Select((p, k) => (p, k)).All(t =>
                {
                    var product = cv.Mantissa * scaled.Mantissas[t.k];
                    long? cents = power switch
                    {
                        0 => Money.DivideHalfEven<PowerOfTen.Zero>(product),
                        1 => Money.DivideHalfEven<PowerOfTen.One>(product),
                        2 => Money.DivideHalfEven<PowerOfTen.Two>(product),
                        3 => Money.DivideHalfEven<PowerOfTen.Three>(product),
                        4 => Money.DivideHalfEven<PowerOfTen.Four>(product),
                        _ => null, // the general path: Money.Percent itself
                    };
                    return cents is null || cents == Money.Percent(cv, t.p);
                }) && (power < 0 || scaled.Scale >= 0);
            }));

    /// <summary>Decimals of up to <paramref name="maxScale"/> places, small and large mantissas, both signs.</summary>
    private static Gen<decimal> Decimal(int maxMantissa, int maxScale) =>
        Gen.OneOf(Gen.Choose(-2_000, 2_000), Gen.Choose(-maxMantissa, maxMantissa))
            .SelectMany(m => Gen.Choose(0, maxScale).Select(s => new decimal(Math.Abs(m), 0, 0, m < 0, (byte)s)));

    [Fact]
    public void ScaledCents_LookedUpOrWorkedOut_AreTheExactProductRoundedHalfToEven() =>
        // A cap fraction (a limit over a total, both with cents) and amounts around the table's
        // ends, of both signs: the table's answer against the fraction worked out in decimals.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(
            Gen.Choose(1, 1_000_000).Two().Where(t => t.Item1 <= t.Item2).ToArbitrary(),
            Gen.Choose(-3 * CentScaleTable.Size, 3 * CentScaleTable.Size).ArrayOf().ToArbitrary(),
            (fraction, amounts) =>
            {
                var (limit, total) = (fraction.Item1 / 100m, fraction.Item2 / 100m);
                var table = new CentScaleTable(new CentScale(Fraction.Of(limit, total)));
                return amounts.Append(0).Append(CentScaleTable.Size - 1).Append(CentScaleTable.Size).Append(-1).All(cents =>
                    table.Apply(cents) == (long)(Math.Round(cents * limit / total, MidpointRounding.ToEven)));
            }));

    [Fact]
    public void ACapsScale_IsTheExactProductRoundedHalfToEven() =>
        // The member cap scales each line of a member over it by cap / total: fractions small and
        // huge (denominators up to 2^62), amounts of both signs up to where the 64-bit path ends
        // and past it, against the product in 128-bit integers.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(3_000), Prop.ForAll(
            Gen.OneOf(Gen.Choose(1, 10_000).Select(d => (long)d), Gen.Choose(1, int.MaxValue).Two().Select(t => (long)t.Item1 * t.Item2 % (1L << 62) + 1)).SelectMany(d =>
                Gen.OneOf(Gen.Choose(0, 10_000).Select(n => (long)n), Gen.Choose(0, int.MaxValue).Select(n => (long)n)).Select(n => (Numerator: Math.Min(n, d), Denominator: d))).ToArbitrary(),
            Gen.OneOf(Gen.Choose(-100_000, 100_000).Select(c => (long)c), Gen.Choose(int.MinValue, int.MaxValue).Select(c => (long)c * 4_294_967L), Gen.Elements(0L, 1L, -1L, long.MaxValue, long.MinValue + 1)).ArrayOf().ToArbitrary(),
            (fraction, amounts) =>
            {
                var factor = Fraction.Of(fraction.Numerator, fraction.Denominator);
                var scale = new CentScale(factor);
                return amounts.All(cents =>
                {
                    var product = (Int128)cents * factor.Numerator;
                    var quotient = Int128.DivRem(product, factor.Denominator);
                    var twice = Int128.Abs(quotient.Remainder) * 2;
                    var expected = twice > factor.Denominator || (twice == factor.Denominator && (quotient.Quotient & 1) != 0)
                        ? quotient.Quotient + Int128.Sign(product)
                        : quotient.Quotient;
                    return scale.Apply(cents) == expected;
                });
            }));

    [Fact]
    public void IdsKeptAsUtf8_CompareAsTheirStringsDo() =>
        // Characters from every UTF-8 length, with many from U+E000–U+FFFF and past U+FFFF,
        // where the order of UTF-16 code units and the order of bytes part ways.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(5_000), Prop.ForAll(
            Id().ToArbitrary(), Id().ToArbitrary(),
            (a, b) =>
            {
                var ids = Arbor.Engine.Model.IdList.Of([a, b]);
                return ids[0] == a && ids[1] == b
                    && Math.Sign(ids.CompareOrdinal(0, 1)) == Math.Sign(string.CompareOrdinal(a, b));
            }));

    private static Gen<string> Id()
    {
        string[] pieces = ["a", "b", "z", "0", "é", "ß", "中", "\uE000", "\uFFEE", "\uFFFD", "😀", "𐀀", "\U0010FFFF"];
        return Gen.Elements(pieces).ListOf().Select(p => string.Concat(p));
    }

    [Fact]
    public void Gv_OfTheRoots_SumsToTotalPv() =>
        ForAll((r, _) =>
        {
            decimal roots = 0;
            for (var m = 0; m < r.Network.Count; m++) if (r.Network.Sponsor[m] < 0) roots += r.Gv[m];
            return roots == r.TotalPv;
        });

    [Fact]
    public void NoMember_EarnsMoreThanTheMemberCap() =>
        ForAll((r, _) =>
        {
            var capped = new long[r.Network.Count];
            foreach (var l in r.Lines) if (l.Bonus != BonusType.RetailProfit) capped[l.Payee] += l.Cents;
            // Each line is rounded after scaling, so a member may exceed the cap by half a cent per line.
            var lineCount = new int[r.Network.Count];
            foreach (var l in r.Lines) if (l.Bonus != BonusType.RetailProfit) lineCount[l.Payee]++;
            return Enumerable.Range(0, r.Network.Count).All(m => capped[m] <= 150_00 + (lineCount[m] + 1) / 2);
        });

    [Fact]
    public void GrandTotal_RespectsThePayoutCap() =>
        ForAll((r, _) =>
        {
            var limitCents = r.TotalCv * 35 / 100 * 100;
            var lines = r.Lines.Count(l => l.Bonus != BonusType.RetailProfit);
            return r.TotalPayoutCents <= Math.Max(0, limitCents) + (lines + 1) / 2 || r.TotalCv <= 0;
        });

    [Fact]
    public void UnilevelLines_OfOneOrder_NeverExceedTheSumOfThePercents() =>
        Prop.ForAll(Companies(), c =>
        {
            // Before caps: the plan without its caps.
            var company = Build(c.Seed, c.Size);
            var uncapped = Plan[..Plan.IndexOf("caps:", StringComparison.Ordinal)];
            var r = Run.Period(uncapped, company.Members, company.Orders);
            var byOrder = r.Lines.Where(l => l.Bonus == BonusType.Unilevel && l.Cents > 0).GroupBy(l => l.SourceOrder);
            return byOrder.All(g => g.Sum(l => l.Cents) <= Money.Percent(r.Orders.Cv[g.Key], UnilevelPercents.Sum()) + g.Count());
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Earnings_AreTheSumOfEachMembersLines_AndInactiveMembersEarnOnlyRetailProfit() =>
        ForAll((r, _) =>
            r.Lines.All(l => r.Active[l.Payee] || l.Bonus == BonusType.RetailProfit) &&
            r.Lines.GroupBy(l => l.Payee).All(g => g.Sum(l => l.Cents) == r.EarningsCents[g.Key]));

    [Fact]
    public void Results_DoNotDependOnInputRowOrder() =>
        Prop.ForAll(Companies(), c =>
        {
            var ordered = Build(c.Seed, c.Size);
            var shuffled = Build(c.Seed, c.Size, shuffled: true);
            var a = Run.Period(Plan, ordered.Members, ordered.Orders);
            var b = Run.Period(Plan, shuffled.Members, shuffled.Orders);
            return Run.Write(a, ResultWriter.WritePayouts) == Run.Write(b, ResultWriter.WritePayouts)
                && Run.Write(a, ResultWriter.WriteSummary) == Run.Write(b, ResultWriter.WriteSummary).Replace(RankOrder(b), RankOrder(a), StringComparison.Ordinal)
                && SortedMembers(a) == SortedMembers(b);
        }).QuickCheckThrowOnFailure();

    /// <summary>members.csv follows input order, so compare its lines as a set.</summary>
    private static string SortedMembers(PeriodResult r) =>
        string.Join('\n', Run.Write(r, ResultWriter.WriteMembers).Split('\n').Order(StringComparer.Ordinal));

    /// <summary>The "ranks" object lists ranks in order of first appearance, which follows input order.</summary>
    private static string RankOrder(PeriodResult r)
    {
        var summary = Run.Write(r, ResultWriter.WriteSummary);
        return summary[summary.IndexOf("\"ranks\"", StringComparison.Ordinal)..];
    }

    [Fact]
    public void SummaryRankCounts_AddUpToTheMemberCount()
    {
        var company = Build(7, 80);
        var r = Run.Period(Plan, company.Members, company.Orders);
        var summary = Run.Write(r, ResultWriter.WriteSummary);
        var counts = summary[summary.IndexOf("\"ranks\"", StringComparison.Ordinal)..].Split('\n')
            .Where(l => l.Contains("\": ", StringComparison.Ordinal) && !l.Contains("ranks", StringComparison.Ordinal))
            .Sum(l => int.Parse(l.Split(": ")[1].TrimEnd(','), CultureInfo.InvariantCulture));
        Assert.Equal(80, counts);
        Assert.Contains("\"members\": 80", summary, StringComparison.Ordinal);
    }
}
