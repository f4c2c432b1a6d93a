namespace Arbor.Core.Simulation;

/// <summary>A product as the simulation sells it: prices in the company's currency, points per unit.</summary>
public sealed record SimProduct(string Sku, decimal Retail, decimal Member, decimal Pv, decimal Cv);

/// <summary>How the people who join are sponsored.</summary>
public enum Sponsoring
{
    /// <summary>Each member recruits at its own propensity (most never recruit: <see cref="Scenario.RecruiterShare"/>).</summary>
    Propensity,

    /// <summary>Each new member's sponsor is any active member, all equally likely: a random recursive tree.</summary>
    Uniform,
}

/// <summary>
/// The population model of a plan simulation (docs/simulation.md): who could join, how members
/// recruit, buy, sell and leave, and what taking part costs them. Every field has a default from
/// published figures; a scenario file (YAML, snake_case keys) changes any of them.
/// </summary>
public sealed record Scenario
{
    /// <summary>People who could ever join: recruiting slows as they are used up (0: no limit).</summary>
    public int MarketSize { get; init; } = 200_000;

    /// <summary>Members at the start (the first is the company's root; the others its frontline).</summary>
    public int SeedMembers { get; init; } = 100;

    public Sponsoring Sponsoring { get; init; } = Sponsoring.Propensity;

    /// <summary>Share of members who ever recruit anyone (Gastwirth 1977: about a third).</summary>
    public double RecruiterShare { get; init; } = 1.0 / 3;

    /// <summary>New members a recruiter brings in a month while the market is fresh (Poisson mean; with uniform sponsoring, per active member).</summary>
    public double RecruitsPerMonth { get; init; } = 0.9;

    /// <summary>Retail customers a member finds (Poisson mean).</summary>
    public double CustomersPerMember { get; init; } = 1.5;

    /// <summary>A customer's chance to order in a month.</summary>
    public double CustomerOrderChance { get; init; } = 0.4;

    /// <summary>An active member's chance to order for itself in a month.</summary>
    public double OwnOrderChance { get; init; } = 0.75;

    /// <summary>Units of one product in an order: 1 to this many, all equally likely.</summary>
    public int MaxUnits { get; init; } = 4;

    /// <summary>A member's chance to leave in each of its first twelve months (most leave within the first year).</summary>
    public double DropoutFirstYear { get; init; } = 0.06;

    /// <summary>A member's chance to leave in each later month.</summary>
    public double DropoutLater { get; init; } = 0.03;

    /// <summary>What joining costs once (a starter kit), in the company's currency.</summary>
    public decimal StarterKit { get; init; } = 99m;

    /// <summary>What each month of membership costs besides purchases (a back-office or website fee).</summary>
    public decimal MonthlyFee { get; init; } = 10m;

    /// <summary>Events, travel and materials per year of membership.</summary>
    public decimal EventsPerYear { get; init; } = 150m;

    /// <summary>The first simulated month.</summary>
    public DateOnly Start { get; init; } = new(2027, 1, 1);

    public IReadOnlyList<SimProduct> Products { get; init; } =
    [
        new("SHAKE", 49.90m, 37.40m, 37m, 30m), new("TEA", 19.50m, 14.60m, 14m, 12m),
        new("VITAMINS", 34.00m, 25.50m, 25m, 21m), new("CREAM", 44.00m, 33.00m, 33m, 28m),
    ];
}
