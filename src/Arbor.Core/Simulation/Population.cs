using Arbor.Engine.Model;

namespace Arbor.Core.Simulation;

/// <summary>
/// The simulated company's people, one slot per member who ever joined, in joining order (which
/// is also each member's number in the engine's network). Growable arrays: a run never knows its
/// final size in advance.
/// </summary>
internal sealed class Population
{
    private int _capacity;

    public Population(int capacity)
    {
        _capacity = Math.Max(16, capacity);
        Ids = new string[_capacity];
        Sponsor = new int[_capacity];
        PlacementParent = new int[_capacity];
        Side = new Side[_capacity];
        LeftChild = new int[_capacity];
        RightChild = new int[_capacity];
        JoinedMonth = new int[_capacity];
        JoinedOn = new DateOnly[_capacity];
        LeftMonth = new int[_capacity];
        Recruiter = new bool[_capacity];
        Customers = new int[_capacity];
        Recruits = new int[_capacity];
        Purchases = new decimal[_capacity];
        YearPurchases = new decimal[_capacity];
        HasBought = new bool[_capacity];
        Costs = new decimal[_capacity];
    }

    public int Count { get; private set; }

    public string[] Ids { get; private set; }
    public int[] Sponsor { get; private set; }
    public int[] PlacementParent { get; private set; }
    public Side[] Side { get; private set; }
    public int[] LeftChild { get; private set; }
    public int[] RightChild { get; private set; }
    public int[] JoinedMonth { get; private set; }
    public DateOnly[] JoinedOn { get; private set; }

    /// <summary>The month the member left; −1 while it stays.</summary>
    public int[] LeftMonth { get; private set; }
    public bool[] Recruiter { get; private set; }
    public int[] Customers { get; private set; }

    /// <summary>Members it sponsored.</summary>
    public int[] Recruits { get; private set; }

    /// <summary>What it bought for itself, at the member price.</summary>
    public decimal[] Purchases { get; private set; }

    /// <summary>What it bought for itself in the income disclosure's year.</summary>
    public decimal[] YearPurchases { get; private set; }

    /// <summary>Whether it has ever ordered for itself (its first order is the scorecard's inventory-loading check).</summary>
    public bool[] HasBought { get; private set; }

    /// <summary>Its starter kit, fees and events.</summary>
    public decimal[] Costs { get; private set; }

    public bool Active(int m) => LeftMonth[m] < 0;

    private string[]?[] _customerIds = [];

    /// <summary>The id of member <paramref name="m"/>'s customer number <paramref name="c"/> (made once, kept).</summary>
    public string CustomerId(int m, int c)
    {
        if (_customerIds.Length <= m) Array.Resize(ref _customerIds, Math.Max(m + 1, _customerIds.Length * 2));
        var ids = _customerIds[m] ??= new string[Customers[m]];
        return ids[c] ??= $"{Ids[m]}-C{c}";
    }

    public int Add(int sponsor, int month, DateOnly joinedOn, bool recruiter, int customers)
    {
        if (Count == _capacity) Grow();
        var m = Count++;
        Ids[m] = "M" + m.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Sponsor[m] = sponsor;
        PlacementParent[m] = -1;
        Side[m] = Engine.Model.Side.None;
        LeftChild[m] = RightChild[m] = -1;
        JoinedMonth[m] = month;
        JoinedOn[m] = joinedOn;
        LeftMonth[m] = -1;
        Recruiter[m] = recruiter;
        Customers[m] = Math.Min(customers, 999);
        if (sponsor >= 0) Recruits[sponsor]++;
        return m;
    }

    /// <summary>
    /// Places member <paramref name="m"/> in the binary tree under its sponsor: the first open
    /// spot breadth first (left before right), the way spillover fills a sponsor's legs.
    /// </summary>
    public void PlaceBinary(int m)
    {
        var queue = new Queue<int>();
        queue.Enqueue(Sponsor[m]);
        while (queue.Count > 0)
        {
            var p = queue.Dequeue();
            if (LeftChild[p] < 0)
            {
                (LeftChild[p], PlacementParent[m], Side[m]) = (m, p, Engine.Model.Side.Left);
                return;
            }
            if (RightChild[p] < 0)
            {
                (RightChild[p], PlacementParent[m], Side[m]) = (m, p, Engine.Model.Side.Right);
                return;
            }
            queue.Enqueue(LeftChild[p]);
            queue.Enqueue(RightChild[p]);
        }
    }

    private void Grow()
    {
        _capacity *= 2;
        Ids = Resize(Ids);
        Sponsor = Resize(Sponsor);
        PlacementParent = Resize(PlacementParent);
        Side = Resize(Side);
        LeftChild = Resize(LeftChild);
        RightChild = Resize(RightChild);
        JoinedMonth = Resize(JoinedMonth);
        JoinedOn = Resize(JoinedOn);
        LeftMonth = Resize(LeftMonth);
        Recruiter = Resize(Recruiter);
        Customers = Resize(Customers);
        Recruits = Resize(Recruits);
        Purchases = Resize(Purchases);
        YearPurchases = Resize(YearPurchases);
        HasBought = Resize(HasBought);
        Costs = Resize(Costs);
    }

    private T[] Resize<T>(T[] a)
    {
        Array.Resize(ref a, _capacity);
        return a;
    }
}
