using System.Globalization;
using System.Text;

namespace Arbor.Bench;

/// <summary>How the generated files are ordered and their ids written.</summary>
internal enum FileShape
{
    /// <summary>
    /// Ids of one width (<c>M0000012</c>, <c>O00000012</c>), so text order is file order;
    /// orders in random date order.
    /// </summary>
    Sorted,

    /// <summary>
    /// As legacy systems export: members in join order with ids of growing width (<c>M0</c> …
    /// <c>M999999</c>, so <c>M10</c> sorts before <c>M2</c>), orders in date order
    /// (<c>O0</c> …), each naming a member anywhere in the file.
    /// </summary>
    Export,
}

/// <summary>
/// Writes a synthetic company in the contract's batch format: members in join order, each
/// sponsored by an earlier member (recent members recruit more), a complete binary
/// placement tree, and orders of every kind over one month plus a few outside it, in the
/// given <see cref="FileShape"/>. The same seed gives the same company in both shapes (the
/// same members and orders, with other ids and the orders in another order).
/// </summary>
internal static class NetworkGenerator
{
    public static readonly DateOnly PeriodStart = new(2026, 10, 1);
    public static readonly DateOnly PeriodEnd = new(2026, 10, 31);

    public static void Write(string directory, int members, int orders, int seed, FileShape shape = FileShape.Sorted)
    {
        var export = shape == FileShape.Export;
        string Id(int i) => export ? string.Create(CultureInfo.InvariantCulture, $"M{i}") : string.Create(CultureInfo.InvariantCulture, $"M{i:D7}");
        Directory.CreateDirectory(directory);
        var random = new Random(seed);
        var firstJoin = PeriodStart.AddDays(-730);
        var joined = new int[members];

        using (var w = new StreamWriter(Path.Combine(directory, "members.csv"), false, new UTF8Encoding(false), 1 << 20))
        {
            w.Write("id,sponsor_id,joined_on,status,placement_id,side,highest_rank,carry_left,carry_right\n");
            for (var i = 0; i < members; i++)
            {
                // Join dates grow with the company; the last month's recruits earn fast start.
                joined[i] = firstJoin.DayNumber + (int)(760L * i / Math.Max(1, members));
                var sponsor = i == 0 ? -1 : i < 10 ? random.Next(i) : i - 1 - (int)(i * Math.Pow(random.NextDouble(), 3));
                var status = random.Next(100) < 2 ? "terminated" : "active";
                var placement = i == 0 ? "" : Id(( i - 1) / 2);
                var side = i == 0 ? "" : i % 2 == 1 ? "L" : "R";
                var highest = random.Next(100) < 10 ? "Bronze" : "";
                var carryLeft = random.Next(100) < 20 ? random.Next(0, 5000).ToString(CultureInfo.InvariantCulture) : "";
                var carryRight = random.Next(100) < 20 ? random.Next(0, 5000).ToString(CultureInfo.InvariantCulture) : "";
                w.Write(Id(i));
                w.Write(',');
                w.Write(sponsor < 0 ? "" : Id(sponsor));
                w.Write(',');
                w.Write(DateOnly.FromDayNumber(joined[i]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.Write(string.Create(CultureInfo.InvariantCulture, $",{status},{placement},{side},{highest},{carryLeft},{carryRight}\n"));
            }
        }

        // Orders are drawn in one sequence for both shapes (the sorted shape writes them as drawn,
        // the files of earlier sessions); an export writes them by date (a stable sort, so one
        // day's orders keep their sequence) and numbers them in that order.
        var drawn = new DrawnOrder[orders];
        for (var o = 0; o < orders; o++)
        {
            var m = random.Next(members);
            var day = random.Next(100) < 95
                ? PeriodStart.DayNumber + random.Next(31)
                : PeriodStart.DayNumber - 1 - random.Next(60);
            day = Math.Max(day, joined[m]);
            var pv = 25 * (1 + random.Next(12));
            var cvTenths = pv * (8 + random.Next(3));
            var roll = random.Next(100);
            var kind = roll < 20 ? 'r' : roll < 24 && o > 0 ? 'x' : 'p';
            var extra = kind == 'r' ? 20 + random.Next(20) : kind == 'x' ? random.Next(o) : 0;
            drawn[o] = new DrawnOrder(m, day, pv, cvTenths, kind, extra);
        }
        var sequence = Enumerable.Range(0, orders).ToArray();
        if (export) sequence = [.. sequence.OrderBy(o => drawn[o].Day)];
        var place = new int[orders]; // each drawn order's place in the file, the number of its export id
        for (var p = 0; p < orders; p++) place[sequence[p]] = p;
        string OrderId(int o) => export
            ? string.Create(CultureInfo.InvariantCulture, $"O{place[o]}")
            : string.Create(CultureInfo.InvariantCulture, $"O{o:D8}");

        using (var w = new StreamWriter(Path.Combine(directory, "orders.csv"), false, new UTF8Encoding(false), 1 << 20))
        {
            w.Write("id,date,member_id,kind,pv,cv,amount,wholesale,original_id\n");
            foreach (var o in sequence)
            {
                var (m, day, pv, cvTenths, kind, extra) = drawn[o];
                var date = DateOnly.FromDayNumber(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                w.Write(kind switch
                {
                    'r' => string.Create(CultureInfo.InvariantCulture,
                        $"{OrderId(o)},{date},{Id(m)},retail,{pv},{cvTenths / 10}.{cvTenths % 10},{Cents(pv * 110 + pv * 110 * extra / 100)},{Cents(pv * 110)},\n"),
                    'x' => string.Create(CultureInfo.InvariantCulture,
                        $"{OrderId(o)},{date},{Id(m)},return,-{pv},-{cvTenths / 10}.{cvTenths % 10},,,{OrderId(extra)}\n"),
                    _ => string.Create(CultureInfo.InvariantCulture,
                        $"{OrderId(o)},{date},{Id(m)},personal,{pv},{cvTenths / 10}.{cvTenths % 10},,,\n"),
                });
            }
        }
    }

    private static string Cents(int cents) => string.Create(CultureInfo.InvariantCulture, $"{cents / 100}.{cents % 100:D2}");

    /// <summary>
    /// One order as drawn: its member, day, PV, CV in tenths, kind (r retail, x return,
    /// p personal) and the retail markup percent or the returned order's draw number.
    /// </summary>
    private readonly record struct DrawnOrder(int Member, int Day, int Pv, int CvTenths, char Kind, int Extra);
}
