using Arbor.Engine.Model;

namespace Arbor.Engine.Computation.Reference;

/// <summary>A row of <c>members.csv</c> (contract section 2), ranks as indexes into the plan's ranks.</summary>
internal sealed record Member(
    string Id, string? SponsorId, DateOnly JoinedOn, bool Terminated,
    string? PlacementId, Side Side, int HighestRank, decimal CarryLeft, decimal CarryRight);

/// <summary>
/// A row of <c>orders.csv</c> (contract section 2). <see cref="SettledElsewhere"/>: a return
/// whose bonuses the caller settles itself (<see cref="PeriodEngine.Run"/>); false for the contract's runs.
/// <see cref="CustomerId"/>: a retail order's customer (decision 18), or null.
/// </summary>
internal sealed record Order(
    string Id, DateOnly Date, string MemberId, OrderKind Kind,
    decimal Pv, decimal Cv, decimal Amount, decimal Wholesale, bool SettledElsewhere, string? CustomerId = null);

/// <summary>
/// The members and orders of a period's input as plain records, looked up by id, with the
/// two trees of section 1: the sponsor tree and the placement tree.
/// </summary>
internal sealed class Company
{
    private readonly Dictionary<string, Member> _byId;
    private readonly Dictionary<string, List<Member>> _frontline = [];
    private readonly Dictionary<(string Parent, Side Side), Member> _placed = [];

    public Company(IReadOnlyList<Member> members, IReadOnlyList<Order> orders)
    {
        Members = members;
        Orders = orders;
        _byId = members.ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (var m in members)
        {
            if (m.SponsorId is { } sponsor)
            {
                if (!_frontline.TryGetValue(sponsor, out var list)) _frontline[sponsor] = list = [];
                list.Add(m);
            }
            if (m.PlacementId is { } parent && m.Side != Side.Numbered) _placed[(parent, m.Side)] = m;
        }
    }

    /// <summary>The members in input order.</summary>
    public IReadOnlyList<Member> Members { get; }

    /// <summary>The orders in input order, of every date.</summary>
    public IReadOnlyList<Order> Orders { get; }

    public Member this[string id] => _byId[id];

    /// <summary>The members that name <paramref name="id"/> as their sponsor, in input order.</summary>
    public IReadOnlyList<Member> Frontline(string id) => _frontline.TryGetValue(id, out var list) ? list : [];

    /// <summary>The sponsor of <paramref name="id"/>, its sponsor, and so on up to a root.</summary>
    public IEnumerable<Member> Upline(string id)
    {
        for (var sponsor = this[id].SponsorId; sponsor is not null; sponsor = this[sponsor].SponsorId) yield return this[sponsor];
    }

    /// <summary>The placement parent of <paramref name="id"/>, its placement parent, and so on up to a placement root.</summary>
    public IEnumerable<Member> PlacementUpline(string id)
    {
        for (var parent = this[id].PlacementId; parent is not null; parent = this[parent].PlacementId) yield return this[parent];
    }

    /// <summary>The member placed on <paramref name="side"/> of <paramref name="parent"/>, or null.</summary>
    public Member? PlacedUnder(string parent, Side side) => _placed.GetValueOrDefault((parent, side));

    /// <summary>A member and everyone below it in the placement tree.</summary>
    public IEnumerable<Member> PlacementSubtree(Member top)
    {
        var below = new Stack<Member>([top]);
        while (below.TryPop(out var m))
        {
            yield return m;
            if (PlacedUnder(m.Id, Side.Right) is { } right) below.Push(right);
            if (PlacedUnder(m.Id, Side.Left) is { } left) below.Push(left);
        }
    }

    /// <summary>The engine's input as records.</summary>
    public static Company From(Network network, OrderBook orders, bool[]? settledElsewhere = null)
    {
        string? IdOf(int m) => m < 0 ? null : network.Ids[m];
        var members = Enumerable.Range(0, network.Count).Select(m => new Member(
            network.Ids[m], IdOf(network.Sponsor[m]), DateOnly.FromDayNumber(network.JoinedOn[m]), network.Terminated[m],
            IdOf(network.PlacementParent[m]), network.Side[m], network.HighestRank[m], network.CarryLeft[m], network.CarryRight[m])).ToList();
        var orderList = Enumerable.Range(0, orders.Count).Select(o => new Order(
            orders.Ids[o], DateOnly.FromDayNumber(orders.Date[o]), network.Ids[orders.Member[o]], orders.Kind[o],
            orders.Pv[o], orders.Cv[o], orders.AmountOf(o), orders.WholesaleOf(o), settledElsewhere?[o] ?? false, orders.CustomerOf(o))).ToList();
        return new Company(members, orderList);
    }
}
