using System.Text;
using Arbor.Engine.Batch;
using Arbor.Engine.Computation;
using Arbor.Engine.Model;
using Arbor.Engine.Output;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Tests;

/// <summary>Runs the engine on inline plan and CSV text, the way the tests describe small companies.</summary>
internal static class Run
{
    public static readonly Period November = new(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));

    public static PeriodResult Period(string plan, string members, string orders, Period? period = null)
    {
        var p = PlanReader.Parse(plan, "plan.yaml");
        var network = MemberFileReader.Read(Stream(members), "members.csv", p);
        var book = OrderFileReader.Read(Stream(orders), "orders.csv", network);
        return PeriodEngine.Run(p, network, book, period ?? November);
    }

    public static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)));

    /// <summary>Payout lines as "payee bonus amount source_order source_member level" strings, in output order.</summary>
    public static List<string> Lines(PeriodResult r) =>
        [.. r.Lines.Select(l => $"{r.Network.Ids[l.Payee]} {BonusNames.Of(l.Bonus)} {DecimalText.Money(l.Cents)} {(l.SourceOrder < 0 ? "-" : r.Orders.Ids[l.SourceOrder])} {r.Network.Ids[l.SourceMember]} {l.Level}")];

    public static List<string> LinesOf(PeriodResult r, BonusType bonus) =>
        [.. Lines(r).Where(l => l.Split(' ')[1] == BonusNames.Of(bonus))];

    public static string Write(PeriodResult r, Action<PeriodResult, Stream> writer)
    {
        using var s = new MemoryStream();
        writer(r, s);
        return Encoding.UTF8.GetString(s.ToArray());
    }

    public static InputException Fails(Action action) => Assert.Throws<InputException>(action);
}
