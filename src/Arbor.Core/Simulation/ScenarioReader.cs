using System.Globalization;
using Arbor.Engine;
using Arbor.Engine.Plans;
using YamlDotNet.RepresentationModel;

namespace Arbor.Core.Simulation;

/// <summary>
/// Reads a scenario file (docs/simulation.md): a YAML mapping whose keys override the defaults of
/// <see cref="Scenario"/>. An unknown key, a value of the wrong kind or outside its range is an
/// <see cref="InputException"/> naming the file, line and column.
/// </summary>
public static class ScenarioReader
{
    public static Scenario ReadFile(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>
    /// <paramref name="scenario"/> as a scenario file with every setting (the back office's form
    /// starts from the defaults written so); <see cref="Parse"/> reads it back to the same settings.
    /// </summary>
    public static string Write(Scenario scenario)
    {
        static string D(decimal d) => d.ToString(CultureInfo.InvariantCulture);
        static string R(double d) => Plain(d.ToString("R", CultureInfo.InvariantCulture));
        var s = scenario;
        var yaml = new System.Text.StringBuilder();
        yaml.Append(CultureInfo.InvariantCulture, $"""
            market_size: {s.MarketSize}  # people who could ever join; 0: no limit
            seed_members: {s.SeedMembers}
            sponsoring: {(s.Sponsoring == Sponsoring.Uniform ? "uniform" : "propensity")}
            recruiter_share: {R(s.RecruiterShare)}  # share of members who ever recruit
            recruits_per_month: {R(s.RecruitsPerMonth)}
            customers_per_member: {R(s.CustomersPerMember)}
            customer_order_chance: {R(s.CustomerOrderChance)}
            own_order_chance: {R(s.OwnOrderChance)}
            max_units: {s.MaxUnits}
            dropout_first_year: {R(s.DropoutFirstYear)}  # a month
            dropout_later: {R(s.DropoutLater)}
            starter_kit: {D(s.StarterKit)}
            monthly_fee: {D(s.MonthlyFee)}
            events_per_year: {D(s.EventsPerYear)}
            start: {s.Start:yyyy-MM}
            products:

            """);
        foreach (var p in s.Products)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - {{ sku: '{p.Sku.Replace("'", "''", StringComparison.Ordinal)}', retail: {D(p.Retail)}, member: {D(p.Member)}, pv: {D(p.Pv)}, cv: {D(p.Cv)} }}\n");
        }
        return yaml.ToString();
    }

    public static Scenario Parse(string yaml, string fileName)
    {
        var root = PlanReader.LoadYaml(yaml, fileName);
        var errors = new List<InputError>();
        var s = new Scenario();
        if (root is null) return s;
        if (root is not YamlMappingNode map)
        {
            throw new InputException([Error(fileName, root, "a scenario is a mapping of settings, e.g. 'market_size: 100000'")]);
        }
        foreach (var (keyNode, value) in map.Children)
        {
            var key = (keyNode as YamlScalarNode)?.Value ?? "";
            try
            {
                s = key switch
                {
                    "market_size" => s with { MarketSize = Int(value, 0, 100_000_000) },
                    "seed_members" => s with { SeedMembers = Int(value, 1, 1_000_000) },
                    "sponsoring" => s with { Sponsoring = Word(value) switch { "propensity" => Sponsoring.Propensity, "uniform" => Sponsoring.Uniform, var w => throw Bad($"'{w}': sponsoring is 'propensity' or 'uniform'") } },
                    "recruiter_share" => s with { RecruiterShare = Chance(value) },
                    "recruits_per_month" => s with { RecruitsPerMonth = Real(value, 0, 20) },
                    "customers_per_member" => s with { CustomersPerMember = Real(value, 0, 100) },
                    "customer_order_chance" => s with { CustomerOrderChance = Chance(value) },
                    "own_order_chance" => s with { OwnOrderChance = Chance(value) },
                    "max_units" => s with { MaxUnits = Int(value, 1, 100) },
                    "dropout_first_year" => s with { DropoutFirstYear = Chance(value) },
                    "dropout_later" => s with { DropoutLater = Chance(value) },
                    "starter_kit" => s with { StarterKit = Money(value) },
                    "monthly_fee" => s with { MonthlyFee = Money(value) },
                    "events_per_year" => s with { EventsPerYear = Money(value) },
                    "start" => s with { Start = Month(value) },
                    "products" => s with { Products = Products(value) },
                    _ => throw Bad($"unknown setting '{key}'"),
                };
            }
            catch (ScenarioError e)
            {
                errors.Add(Error(fileName, e.Node ?? value, $"{key}: {e.Message}"));
            }
        }
        if (errors.Count > 0) throw new InputException(errors);
        return s;
    }

    private sealed class ScenarioError(string message, YamlNode? node = null) : Exception(message)
    {
        public YamlNode? Node { get; } = node;
    }

    /// <summary>
    /// A round-trip number's text without an exponent (<c>2.3E-05</c> → <c>0.000023</c>), which
    /// the reader, like every number of Arbor's files, takes in plain notation only; the digits
    /// are the same, so the text still reads back as the same double.
    /// </summary>
    internal static string Plain(string roundTrip)
    {
        var e = roundTrip.IndexOfAny(['E', 'e']);
        if (e < 0) return roundTrip;
        var exponent = int.Parse(roundTrip[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = roundTrip[..e];
        var sign = mantissa.StartsWith('-') ? "-" : "";
        mantissa = mantissa.TrimStart('-');
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var before = (point < 0 ? mantissa.Length : point) + exponent; // digits before the decimal point
        var text = before <= 0 ? "0." + new string('0', -before) + digits
            : before >= digits.Length ? digits + new string('0', before - digits.Length)
            : digits[..before] + "." + digits[before..];
        return sign + text;
    }

    private static ScenarioError Bad(string message, YamlNode? node = null) => new(message, node);

    private static InputError Error(string file, YamlNode node, string message) =>
        new(file, (int)Math.Clamp(node.Start.Line, 1, int.MaxValue), (int)Math.Clamp(node.Start.Column, 1, int.MaxValue), message);

    private static string Word(YamlNode node) => node is YamlScalarNode { Value: { } v } ? v.Trim() : throw Bad("a single value is expected here", node);

    private static decimal Number(YamlNode node)
    {
        var text = Word(node);
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
            ? d : throw Bad($"'{text}' is not a number", node);
    }

    private static int Int(YamlNode node, int min, int max)
    {
        var d = Number(node);
        return d == decimal.Truncate(d) && d >= min && d <= max ? (int)d : throw Bad($"a whole number from {min:N0} to {max:N0}, not {d}", node);
    }

    private static double Real(YamlNode node, double min, double max)
    {
        // Read as a double, not through decimal: (double)decimal is not always the nearest double, and Write's "R" text must read back exactly.
        _ = Number(node); // the same check of the text as every other number
        var real = double.Parse(Word(node), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        return real >= min && real <= max ? real : throw Bad(FormattableString.Invariant($"a number from {min} to {max}, not {Word(node)}"), node);
    }

    private static double Chance(YamlNode node) => Real(node, 0, 1);

    private static decimal Money(YamlNode node)
    {
        var d = Number(node);
        return Limits.Check("", "an amount", d, 0m, Limits.UnitPrice, Limits.MoneyDecimals) is { } p ? throw Bad(p.Message, node) : d;
    }

    private static DateOnly Month(YamlNode node)
    {
        var text = Word(node);
        return DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is >= 2000 and <= 2999
            ? d : throw Bad($"'{text}' is not a month like 2027-01", node);
    }

    private static IReadOnlyList<SimProduct> Products(YamlNode node)
    {
        if (node is not YamlSequenceNode list || list.Children.Count == 0) throw Bad("a list of products, each with sku, retail, member, pv and cv", node);
        var products = new List<SimProduct>();
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode p) throw Bad("a product is a mapping with sku, retail, member, pv and cv", item);
            var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (k, v) in p.Children)
            {
                var name = (k as YamlScalarNode)?.Value ?? "";
                if (name is not ("sku" or "retail" or "member" or "pv" or "cv")) throw Bad($"unknown product field '{name}'", k);
                fields[name] = v;
            }
            YamlNode Field(string name) => fields.TryGetValue(name, out var v) ? v : throw Bad($"a product needs '{name}'", p);
            var (retail, member) = (Money(Field("retail")), Money(Field("member")));
            if (member > retail) throw Bad($"the member price {member} is above the retail price {retail}", Field("member"));
            products.Add(new SimProduct(Word(Field("sku")), retail, member, Money(Field("pv")), Money(Field("cv"))));
        }
        return products;
    }
}
