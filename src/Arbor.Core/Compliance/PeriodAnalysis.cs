using System.Globalization;

namespace Arbor.Core.Compliance;

/// <summary>Volume bought by non-participants (retail orders) and by members themselves (personal orders); returns left out.</summary>
public readonly record struct Volume(decimal Retail, decimal Personal)
{
    public decimal Total => Retail + Personal;

    /// <summary>Retail over total; null when there is no volume.</summary>
    public decimal? RetailShare => Total == 0 ? null : Retail / Total;

    public static Volume operator +(Volume a, Volume b) => new(a.Retail + b.Retail, a.Personal + b.Personal);
}

/// <summary>
/// A member's figures in a closed period, the inputs of its indicators. Money is the sum of the
/// member's stored payout lines (clawbacks included) and of its orders' lines at what was paid.
/// </summary>
/// <param name="Pv">Its own retail and personal PV (returns left out).</param>
/// <param name="GroupPv">The same for the member and its whole sponsor downline.</param>
/// <param name="RetailCustomers">Distinct customers (retail or preferred) with a retail order of the period attributed to it.</param>
/// <param name="Purchases">Its own purchases: personal orders at what was paid, net of the period's returns of personal orders.</param>
/// <param name="Earnings">All its stored lines of the period, retail profit and clawbacks included.</param>
/// <param name="Rewards">Its lines but retail profit: what the company paid it.</param>
/// <param name="RecruitingTied">Its fast-start and rank-advancement lines, with their clawbacks.</param>
/// <param name="FirstOrderPv">The PV of its first personal order ever, when that order is in this period.</param>
public sealed record MemberFigures(
    long MemberId, string Handle, string Name, bool Participant, string? Rank,
    Volume Pv, Volume GroupPv, int RetailCustomers, decimal Purchases,
    decimal Earnings, decimal RetailProfit, decimal Rewards, decimal RecruitingTied, decimal? FirstOrderPv);

/// <summary>The per-member figures of a period and the group volumes the scorecard attributes lines by: computed once from <see cref="PeriodFacts"/>.</summary>
public sealed class PeriodAnalysis
{
    private PeriodAnalysis(PeriodFacts facts, IReadOnlyDictionary<long, MemberFigures> members, Volume companyCv,
        Dictionary<long, Volume> groupCv, Dictionary<long, Volume> placementCvBelow)
    {
        Facts = facts;
        Members = members;
        CompanyCv = companyCv;
        GroupCv = groupCv;
        PlacementCvBelow = placementCvBelow;
        _placed = [.. facts.Members.Where(m => !string.IsNullOrEmpty(m.PlacementPath)).Select(m => m.Id)];
    }

    private readonly HashSet<long> _placed;

    public PeriodFacts Facts { get; }

    /// <summary>Every member that joined by the period's end, by id.</summary>
    public IReadOnlyDictionary<long, MemberFigures> Members { get; }

    /// <summary>The company's retail and personal CV (returns left out).</summary>
    public Volume CompanyCv { get; }

    /// <summary>Retail and personal CV of a member and its whole sponsor downline.</summary>
    public IReadOnlyDictionary<long, Volume> GroupCv { get; }

    /// <summary>Retail and personal CV of the members placed below a member (its placement subtree without itself).</summary>
    public IReadOnlyDictionary<long, Volume> PlacementCvBelow { get; }

    /// <summary>Whether the member has a place in a placement tree.</summary>
    public bool IsPlaced(long member) => _placed.Contains(member);

    public IEnumerable<MemberFigures> Participants => Members.Values.Where(m => m.Participant);

    public static PeriodAnalysis Of(PeriodFacts facts)
    {
        var pv = new Dictionary<long, Volume>();
        var cv = new Dictionary<long, Volume>();
        var purchases = new Dictionary<long, decimal>();
        var customers = new Dictionary<long, HashSet<long>>();
        var firstOrderPv = new Dictionary<long, decimal>();
        foreach (var o in facts.Orders)
        {
            switch (o.Kind)
            {
                case "retail":
                    Add(pv, o.MemberId, new Volume(o.Pv, 0));
                    Add(cv, o.MemberId, new Volume(o.Cv, 0));
                    if (o.CustomerId is { } c) (customers.TryGetValue(o.MemberId, out var set) ? set : customers[o.MemberId] = []).Add(c);
                    break;
                case "personal":
                    Add(pv, o.MemberId, new Volume(0, o.Pv));
                    Add(cv, o.MemberId, new Volume(0, o.Cv));
                    purchases[o.MemberId] = purchases.GetValueOrDefault(o.MemberId) + o.Paid;
                    if (facts.FirstOrders.Contains(o.Id)) firstOrderPv[o.MemberId] = o.Pv;
                    break;
                case "return" when o.OriginalKind == "personal":
                    purchases[o.MemberId] = purchases.GetValueOrDefault(o.MemberId) + o.Paid;
                    break;
            }
        }

        var groupPv = new Dictionary<long, Volume>();
        var groupCv = new Dictionary<long, Volume>();
        var placementCv = new Dictionary<long, Volume>();
        var byPlacement = facts.Members.Where(m => !string.IsNullOrEmpty(m.PlacementPath)).ToDictionary(m => m.PlacementPath!, m => m.Id, StringComparer.Ordinal);
        foreach (var m in facts.Members)
        {
            var own = pv.GetValueOrDefault(m.Id);
            var ownCv = cv.GetValueOrDefault(m.Id);
            if (own == default && ownCv == default) continue;
            foreach (var ancestor in SponsorLine(m.Path))
            {
                Add(groupPv, ancestor, own);
                Add(groupCv, ancestor, ownCv);
            }
            if (string.IsNullOrEmpty(m.PlacementPath)) continue;
            // "1:0110": the root "1:" and each longer prefix short of the member's own path are the members placed above it.
            var colon = m.PlacementPath.IndexOf(':', StringComparison.Ordinal);
            for (var length = colon + 1; length < m.PlacementPath.Length; length++)
            {
                if (byPlacement.TryGetValue(m.PlacementPath[..length], out var above)) Add(placementCv, above, ownCv);
            }
        }

        var lines = facts.Lines.ToLookup(l => l.PayeeId);
        var members = new Dictionary<long, MemberFigures>();
        foreach (var m in facts.Members)
        {
            var own = lines[m.Id];
            members[m.Id] = new MemberFigures(m.Id, m.Handle, m.Name, m.ParticipantIn(facts.From, facts.To), m.Rank,
                pv.GetValueOrDefault(m.Id), groupPv.GetValueOrDefault(m.Id), customers.TryGetValue(m.Id, out var set) ? set.Count : 0,
                purchases.GetValueOrDefault(m.Id),
                own.Sum(l => l.Amount),
                own.Where(l => !BonusCategories.IsCompanyPaid(l.Category)).Sum(l => l.Amount),
                own.Where(l => BonusCategories.IsCompanyPaid(l.Category)).Sum(l => l.Amount),
                own.Where(l => BonusCategories.IsRecruitingTied(l.Category)).Sum(l => l.Amount),
                firstOrderPv.TryGetValue(m.Id, out var first) ? first : null);
        }
        var company = facts.Orders.Aggregate(default(Volume), (sum, o) => o.Kind switch
        {
            "retail" => sum + new Volume(o.Cv, 0),
            "personal" => sum + new Volume(0, o.Cv),
            _ => sum,
        });
        return new PeriodAnalysis(facts, members, company, groupCv, placementCv);
    }

    /// <summary>The ids of a sponsor path, root first, the member itself last.</summary>
    internal static IEnumerable<long> SponsorLine(string path) =>
        path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, CultureInfo.InvariantCulture));

    private static void Add(Dictionary<long, Volume> sums, long id, Volume v) => sums[id] = sums.GetValueOrDefault(id) + v;
}
