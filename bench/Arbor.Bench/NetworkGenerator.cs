using System.Globalization;
using System.Text;

namespace Arbor.Bench;

/// <summary>
/// Writes a synthetic company in the contract's batch format: members in join order, each
/// sponsored by an earlier member (recent members recruit more), a complete binary
/// placement tree, and orders of every kind over one month plus a few outside it.
/// The same seed gives the same files.
/// </summary>
internal static class NetworkGenerator
{
    public static readonly DateOnly PeriodStart = new(2026, 10, 1);
    public static readonly DateOnly PeriodEnd = new(2026, 10, 31);

    public static void Write(string directory, int members, int orders, int seed)
    {
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

        using (var w = new StreamWriter(Path.Combine(directory, "orders.csv"), false, new UTF8Encoding(false), 1 << 20))
        {
            w.Write("id,date,member_id,kind,pv,cv,amount,wholesale,original_id\n");
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
                var date = DateOnly.FromDayNumber(day).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                string line;
                if (roll < 20)
                {
                    var wholesale = pv * 110;
                    var amount = wholesale + wholesale * (20 + random.Next(20)) / 100;
                    line = string.Create(CultureInfo.InvariantCulture,
                        $"O{o:D8},{date},{Id(m)},retail,{pv},{cvTenths / 10}.{cvTenths % 10},{amount / 100}.{amount % 100:D2},{wholesale / 100}.{wholesale % 100:D2},\n");
                }
                else if (roll < 24 && o > 0)
                {
                    line = string.Create(CultureInfo.InvariantCulture,
                        $"O{o:D8},{date},{Id(m)},return,-{pv},-{cvTenths / 10}.{cvTenths % 10},,,O{random.Next(o):D8}\n");
                }
                else
                {
                    line = string.Create(CultureInfo.InvariantCulture,
                        $"O{o:D8},{date},{Id(m)},personal,{pv},{cvTenths / 10}.{cvTenths % 10},,,\n");
                }
                w.Write(line);
            }
        }
    }

    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"M{i:D7}");
}
