using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Arbor.Engine.Tests;

/// <summary>
/// Own and group volumes are summed as integers of ten-thousandths when every order allows, else
/// as decimals: either way a member's PV and GV, and the period's totals, are the decimal sums of
/// their orders — the same value and the same number of decimals (a decimal sum keeps the most
/// decimals of its terms, and the files print them).
/// </summary>
public class VolumeTests
{
    private const string Plan = """
        name: volumes
        active: { min_pv: 50 }
        ranks:
          - name: Member
        bonuses:
          - type: retail_profit
        """;

    [Fact]
    public void OwnVolumes_AreTheDecimalSumsOfTheOrders_DecimalsIncluded() =>
        // Volumes of 0 to 4 decimals (the integer sums) or, in some companies, up to 6 (the
        // decimal sums), both signs, zeros with decimals, members without orders.
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(
            Gen.Choose(0, int.MaxValue - 1).ToArbitrary(),
            seed =>
            {
                var random = new Random(seed);
                var mostDecimals = random.Next(5) == 0 ? 6 : 4;
                var size = random.Next(1, 40);
                var members = new StringBuilder("id,sponsor_id,joined_on\n");
                for (var m = 0; m < size; m++) members.Append(CultureInfo.InvariantCulture, $"M{m},{(m == 0 ? "" : $"M{random.Next(m)}")},2025-01-01\n");
                var orders = new StringBuilder("id,date,member_id,kind,pv,cv\n");
                for (var o = random.Next(0, 120); o > 0; o--)
                {
                    orders.Append(CultureInfo.InvariantCulture,
                        $"O{o},2026-11-{random.Next(1, 31):00},M{random.Next(size)},personal,{Volume(random, mostDecimals)},{Volume(random, mostDecimals)}\n");
                }
                var r = Run.Period(Plan, members.ToString(), orders.ToString());

                var pv = new decimal[size];
                decimal totalPv = 0, totalCv = 0;
                foreach (var o in r.PeriodOrders)
                {
                    pv[r.Orders.Member[o]] += r.Orders.Pv[o];
                    totalPv += r.Orders.Pv[o];
                    totalCv += r.Orders.Cv[o];
                }
                // GV: every member's PV added up its sponsor line (sponsors come before their recruits here).
                var gv = (decimal[])pv.Clone();
                for (var m = size - 1; m > 0; m--) gv[r.Network.Sponsor[m]] += gv[m];
                return Enumerable.Range(0, size).All(m => Same(pv[m], r.Pv[m]) && Same(gv[m], r.Gv[m]) && r.Active[m] == pv[m] >= 50)
                    && Same(totalPv, r.TotalPv) && Same(totalCv, r.TotalCv);
            }));

    /// <summary>Personal orders of 2026-11-05 built directly, as the database hands them over: no file's ranges apply.</summary>
    private static Computation.PeriodResult PeriodOf(string members, IEnumerable<(string Member, decimal Pv, decimal Cv)> orders)
    {
        var plan = Plans.PlanReader.Parse(Plan, "plan.yaml");
        var network = Batch.MemberFileReader.Read(Run.Stream(members), "members.csv", plan);
        var book = new Model.OrderBookBuilder();
        foreach (var (member, pv, cv) in orders)
        {
            book.Add(book.Count + 2, $"O{book.Count}", new DateOnly(2026, 11, 5), network.IndexOf(member), Model.OrderKind.Personal, pv, cv);
        }
        return Computation.PeriodEngine.Run(plan, network, book.Build("orders"), Run.November);
    }

    [Fact]
    public void OwnVolumes_PastWhatTheIntegerSumsHold_AreSummedAsDecimals()
    {
        // 30,000 orders of 2,147,483,647 PV: 6.4 × 10^17 ten-thousandths, past the integer sums'
        // 2^59; and a volume whose digits do not fit 31 bits. Both exact. Past what a batch file
        // may hold (docs/plan-format.md), so handed to the engine as a database's orders are.
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\n";
        var orders = Enumerable.Repeat(("A", 2147483647m, 1.5m), 30_000).Append(("B", 30000000000.25m, 0m));
        var r = PeriodOf(members, orders);
        Assert.Equal("64424509410000", r.Pv[0].ToString(CultureInfo.InvariantCulture));
        Assert.Equal("30000000000.25", r.Pv[1].ToString(CultureInfo.InvariantCulture));
        Assert.Equal("64454509410000.25", r.TotalPv.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("45000.0", r.TotalCv.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void GroupVolumes_PastWhatTheIntegerSumsHold_AreSummedAsDecimals()
    {
        // A ← B ← C, each 18,000 orders of 2,147,483,647 PV: 3.9 × 10^17 ten-thousandths each,
        // inside the integer sums' 2^59, but 1.16 × 10^18 together, past what a sum with its
        // decimals in the low bits holds (2^60): the GVs are summed as decimals.
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\nC,B,2025-01-01\n";
        var r = PeriodOf(members, Enumerable.Range(0, 54_000).Select(o => ("ABC"[o % 3].ToString(), 2147483647m, 1m)));
        Assert.Equal("38654705646000", r.Pv[0].ToString(CultureInfo.InvariantCulture));
        Assert.Equal("115964116938000", r.Gv[0].ToString(CultureInfo.InvariantCulture));
        Assert.Equal("77309411292000", r.Gv[1].ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void OwnVolumes_KeepTheMostDecimalsOfTheirOrders()
    {
        // A: 1.50 + 2.5 = 4.00 (two decimals, as decimal addition keeps them); B: −3 + 3.000 = 0.000.
        var members = "id,sponsor_id,joined_on\nA,,2025-01-01\nB,A,2025-01-01\n";
        var r = Run.Period(Plan, members, """
            id,date,member_id,kind,pv,cv
            O1,2026-11-05,A,personal,1.50,1
            O2,2026-11-06,A,personal,2.5,2
            O3,2026-11-07,B,return,-3,-3
            O4,2026-11-08,B,personal,3.000,3
            """);
        Assert.Equal("4.00", r.Pv[0].ToString(CultureInfo.InvariantCulture));
        Assert.Equal("0.000", r.Pv[1].ToString(CultureInfo.InvariantCulture));
        Assert.Equal("4.000", r.TotalPv.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2147483647")]
    [InlineData("2147483648")] // 2^31: the low word's top bit
    [InlineData("-21474836.48")]
    [InlineData("4294967296")] // 2^32: the middle word
    [InlineData("30000000000.25")]
    [InlineData("18446744073709551615")] // 2^64 − 1: the most the quick path holds
    [InlineData("99999999999999999999.5")] // past it: the slow path
    [InlineData("0.0000000000000000000000000001")]
    public void Volumes_AreReadExactly_AsWritten(string written)
    {
        Assert.True(Batch.FieldParser.TryParseDecimal(Encoding.UTF8.GetBytes(written), out var value));
        Assert.Equal(written, value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Equal, and printed alike.</summary>
    private static bool Same(decimal expected, decimal actual) =>
        expected == actual && expected.ToString(CultureInfo.InvariantCulture) == actual.ToString(CultureInfo.InvariantCulture);

    private static string Volume(Random random, int mostDecimals)
    {
        var decimals = random.Next(mostDecimals + 1);
        var value = new decimal(random.Next(0, 5_000_000), 0, 0, random.Next(4) == 0, (byte)decimals);
        return value.ToString(CultureInfo.InvariantCulture);
    }
}
