using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Arbor.Engine.Plans;

/// <summary>
/// Reads a plan file (section 3 of the contract). Every error is reported as
/// <c>FILE:LINE:COLUMN: message</c> quoting the offending key or rank name; all errors
/// found in one pass are reported together.
/// </summary>
public static class PlanReader
{
    /// <summary>Reads and validates the plan file at <paramref name="path"/>.</summary>
    /// <exception cref="InputException">The file is not a valid plan.</exception>
    public static Plan ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException([new InputError(path, 1, 1, $"cannot read the plan file: {e.Message}")]);
        }
        return Parse(text, path);
    }

    /// <summary>Parses plan YAML; <paramref name="fileName"/> is used in error messages.</summary>
    /// <exception cref="InputException">The text is not a valid plan.</exception>
    public static Plan Parse(string yaml, string fileName)
    {
        var errors = new ErrorList(fileName);
        var root = Load(yaml, errors);
        if (errors.Count > 0) throw new InputException(errors.Items);
        var plan = new Reader(errors).ReadPlan(root);
        errors.ThrowIfAny();
        return plan! with { Source = fileName };
    }

    /// <summary>
    /// The root node of another YAML input (a simulation scenario), read as carefully as a plan:
    /// one document, no control characters, bounded nesting; errors at their line and column.
    /// </summary>
    /// <exception cref="InputException">The text is not YAML.</exception>
    public static YamlNode? LoadYaml(string yaml, string fileName)
    {
        var errors = new ErrorList(fileName);
        var root = Load(yaml, errors);
        errors.ThrowIfAny();
        return root;
    }

    /// <summary>Deepest nesting of lists and mappings read: a plan needs five; far deeper would exhaust the stack.</summary>
    private const int MaxDepth = 64;

    /// <summary>
    /// The root node of the file's one YAML document, or an error at the line and column where the
    /// text stops being YAML. The YAML library reports broken text not only as a
    /// <see cref="YamlException"/> (with a position) but also as other exceptions (an
    /// <see cref="InvalidOperationException"/> from its scanner, for one): those take the position
    /// the scanner had reached.
    /// </summary>
    private static YamlNode? Load(string yaml, ErrorList errors)
    {
        if (yaml.StartsWith('\uFEFF')) yaml = yaml[1..];
        if (!Printable(yaml, errors)) return null;
        var scanner = new Scanner(new StringReader(yaml), skipComments: true);
        try
        {
            var stream = new YamlStream();
            stream.Load(new Guarded(new Parser(scanner)));
            if (stream.Documents.Count > 1)
            {
                YamlError(errors, stream.Documents[1].RootNode.Start, "a plan file holds one YAML document; a second one starts here");
                return null;
            }
            return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
            YamlError(errors, e.Start, $"not valid YAML: {message}");
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException or KeyNotFoundException)
        {
            YamlError(errors, scanner.CurrentPosition, "not valid YAML: the text cannot be read as YAML from here on");
        }
        return null;
    }

    /// <summary>
    /// False, with an error at its line and column, when the text holds a character YAML does not
    /// allow (a control character other than tab and line breaks, half a surrogate pair): the YAML
    /// library would read a NUL as the end of the file and silently drop the rest of the plan.
    /// </summary>
    private static bool Printable(string yaml, ErrorList errors)
    {
        int line = 1, column = 1;
        for (var i = 0; i < yaml.Length; i++)
        {
            var c = yaml[i];
            if (c == '\n')
            {
                line++;
                column = 1;
                continue;
            }
            var pair = char.IsHighSurrogate(c) && i + 1 < yaml.Length && char.IsLowSurrogate(yaml[i + 1]);
            if (!(c is '\t' or '\r' or (>= ' ' and <= '~') or '\u0085' or (>= '\u00A0' and <= '\uFFFD')) || (char.IsSurrogate(c) && !pair))
            {
                errors.Add(line, column, $"a control character (U+{(int)c:X4}) in the plan; YAML allows none but tab and line breaks");
                return false;
            }
            if (pair) i++;
            column++;
        }
        return true;
    }

    /// <summary>
    /// Refuses, at their place, what the YAML library would report without one or too late: lists
    /// and mappings nested past <see cref="MaxDepth"/> (building the nodes recurses once per level),
    /// and an alias (<c>*name</c>) of an anchor (<c>&amp;name</c>) not defined before it.
    /// </summary>
    private sealed class Guarded(IParser parser) : IParser
    {
        private readonly HashSet<string> _anchors = new(StringComparer.Ordinal);
        private int _depth;

        public ParsingEvent? Current => parser.Current;

        public bool MoveNext()
        {
            if (!parser.MoveNext()) return false;
            var current = parser.Current!;
            if (current is AnchorAlias alias && !_anchors.Contains(alias.Value.Value))
            {
                throw new YamlException(current.Start, current.End, $"the alias '*{alias.Value.Value}' names no anchor '&{alias.Value.Value}' above it");
            }
            if (current is NodeEvent { Anchor.IsEmpty: false } node) _anchors.Add(node.Anchor.Value);
            if (current is SequenceStart or MappingStart && ++_depth > MaxDepth)
            {
                throw new YamlException(current.Start, current.End, $"lists and mappings nested more than {MaxDepth} deep; a plan needs five");
            }
            if (current is SequenceEnd or MappingEnd) _depth--;
            return true;
        }
    }

    private static void YamlError(ErrorList errors, Mark at, string message) =>
        errors.Add((int)Math.Clamp(at.Line, 1, int.MaxValue), (int)Math.Clamp(at.Column, 1, int.MaxValue), message);

    private sealed class Reader(ErrorList errors)
    {
        private readonly List<string> _rankNames = [];

        public Plan? ReadPlan(YamlNode? root)
        {
            if (root is not YamlMappingNode map)
            {
                Error(root, "a plan must be a mapping with the keys 'name', 'ranks' and 'bonuses'");
                return null;
            }
            var keys = Keys(map, "plan", "name", "currency", "active", "ranks", "bonuses", "caps", "sales_rule");

            var name = Required(map, keys, "name") is { } nameNode ? Text(nameNode, "name") : null;
            var currency = keys.TryGetValue("currency", out var cur) ? Text(cur.Value, "currency") : null;

            decimal activeMinPv = 0;
            var activeQualification = Qualification.None;
            if (keys.TryGetValue("active", out var active) && Mapping(active.Value, "active") is { } activeMap)
            {
                var activeKeys = Keys(activeMap, "active", ["min_pv", .. QualificationKeys]);
                activeMinPv = OptionalNumber(activeKeys, "min_pv") ?? 0;
                activeQualification = ReadQualification(activeKeys);
            }

            var ranks = Required(map, keys, "ranks") is { } ranksNode ? ReadRanks(ranksNode) : [];
            var bonuses = Required(map, keys, "bonuses") is { } bonusesNode ? ReadBonuses(bonusesNode) : [];

            var caps = new PlanCaps(null, null);
            if (keys.TryGetValue("caps", out var capsEntry) && Mapping(capsEntry.Value, "caps") is { } capsMap)
            {
                var capKeys = Keys(capsMap, "caps", "member", "payout_percent");
                caps = new PlanCaps(OptionalNumber(capKeys, "member"), OptionalNumber(capKeys, "payout_percent"));
            }

            SalesRule? salesRule = null;
            if (keys.TryGetValue("sales_rule", out var ruleEntry) && Mapping(ruleEntry.Value, "sales_rule") is { } ruleMap)
            {
                var ruleKeys = Keys(ruleMap, "sales_rule", "percent", "own_use_pv");
                // No default own use: with 0 a member without retail sales would be paid nothing, which a plan must say itself.
                var ownUse = Required(ruleMap, ruleKeys, "own_use_pv") is { } ownUseNode ? NonNegative(ownUseNode, "own_use_pv") : null;
                salesRule = new SalesRule(OptionalNumber(ruleKeys, "percent") ?? SalesRule.DefaultPercent, ownUse ?? 0);
            }

            return new Plan(name ?? "", currency, activeMinPv, ranks, bonuses, caps)
            {
                ActiveQualification = activeQualification,
                SalesRule = salesRule,
            };
        }

        /// <summary>The retail conditions of pay a mapping may hold (<c>active</c> and every bonus but retail profit).</summary>
        private static readonly string[] QualificationKeys = ["min_retail_share", "min_retail_customers"];

        private Qualification ReadQualification(Dictionary<string, Entry> keys)
        {
            var share = OptionalNumber(keys, "min_retail_share");
            var customers = keys.TryGetValue("min_retail_customers", out var c) ? Integer(c.Value, "min_retail_customers") : null;
            return share is null && customers is null ? Qualification.None : new Qualification(share, customers);
        }

        /// <summary>A bonus's entries by key: its own keys and the retail conditions of pay.</summary>
        private Dictionary<string, Entry> BonusKeys(YamlMappingNode map, string context, params string[] allowed) =>
            Keys(map, context, [.. allowed, .. QualificationKeys]);

        private List<Rank> ReadRanks(YamlNode node)
        {
            if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
            {
                Error(node, "'ranks' must be a list of at least one rank, lowest first");
                return [];
            }
            if (seq.Children.Count > InputRanges.ListEntries)
            {
                Error(node, $"'ranks' lists {seq.Children.Count} ranks; a plan has at most {InputRanges.ListEntries}");
                return [];
            }

            // Names first, so that legs.min_rank may name any rank of the plan.
            var entries = new List<(YamlMappingNode Map, Dictionary<string, Entry> Keys)>();
            foreach (var item in seq.Children)
            {
                if (Mapping(item, "rank") is not { } rankMap) continue;
                var rankKeys = Keys(rankMap, "rank", "name", "min_pv", "min_gv", "max_leg_percent", "legs");
                if (Required(rankMap, rankKeys, "name") is not { } nameNode || Text(nameNode, "name") is not { } rankName) continue;
                if (_rankNames.Contains(rankName, StringComparer.Ordinal))
                {
                    Error(nameNode, $"duplicate rank name '{rankName}'");
                    continue;
                }
                _rankNames.Add(rankName);
                entries.Add((rankMap, rankKeys));
            }

            var ranks = new List<Rank>();
            foreach (var (_, rankKeys) in entries)
            {
                LegRequirement? legs = null;
                if (rankKeys.TryGetValue("legs", out var legsEntry) && Mapping(legsEntry.Value, "legs") is { } legsMap)
                {
                    var legKeys = Keys(legsMap, "legs", "count", "min_rank");
                    var count = Required(legsMap, legKeys, "count") is { } c ? Integer(c, "count") : null;
                    var minRank = Required(legsMap, legKeys, "min_rank") is { } r ? RankName(r) : null;
                    if (count is { } n && minRank is { } m) legs = new LegRequirement(n, m);
                }
                ranks.Add(new Rank(
                    _rankNames[ranks.Count],
                    OptionalNumber(rankKeys, "min_pv") ?? 0,
                    OptionalNumber(rankKeys, "min_gv") ?? 0,
                    OptionalNumber(rankKeys, "max_leg_percent"),
                    legs));
            }
            return ranks;
        }

        private List<Bonus> ReadBonuses(YamlNode node)
        {
            var bonuses = new List<Bonus>();
            if (node is not YamlSequenceNode seq)
            {
                Error(node, "'bonuses' must be a list of bonuses");
                return bonuses;
            }
            var seen = new HashSet<BonusType>();
            foreach (var item in seq.Children)
            {
                if (Mapping(item, "bonus") is not { } map) continue;
                if (!map.Children.TryGetValue(new YamlScalarNode("type"), out var typeNode))
                {
                    Error(map, "a bonus needs a 'type'");
                    continue;
                }
                var typeName = Text(typeNode, "type");
                if (typeName is null) continue;
                if (!BonusNames.TryParse(typeName, out var type) || type == BonusType.Clawback)
                {
                    Error(typeNode, $"unknown bonus type '{typeName}' (expected retail_profit, fast_start, unilevel, binary, stairstep, rank_advancement, pool or matching)");
                    continue;
                }
                if (!seen.Add(type))
                {
                    Error(typeNode, $"bonus type '{typeName}' appears more than once");
                    continue;
                }
                if (ReadBonus(type, map) is { } bonus) bonuses.Add(bonus);
            }
            return bonuses;
        }

        private Bonus? ReadBonus(BonusType type, YamlMappingNode map)
        {
            switch (type)
            {
                case BonusType.RetailProfit:
                {
                    var k = Keys(map, "retail_profit", ["type", .. QualificationKeys]);
                    foreach (var key in QualificationKeys)
                    {
                        // Retail profit is the retail sale itself, and needs no activity: a retail condition has nothing to add to it.
                        if (k.TryGetValue(key, out var refused)) Error(refused.Key, $"'{key}' cannot be set on retail_profit: retail profit is the member's own retail sale, paid without activity; set it on 'active' or on another bonus");
                    }
                    return new RetailProfitBonus();
                }
                case BonusType.FastStart:
                {
                    var k = BonusKeys(map, "fast_start", "type", "within_days", "percents", "exclusive");
                    var within = k.TryGetValue("within_days", out var w) ? Integer(w.Value, "within_days") : null;
                    var exclusive = k.TryGetValue("exclusive", out var e) && Boolean(e.Value, "exclusive");
                    return new FastStartBonus(within, PercentList(k, "percents")) { Exclusive = exclusive, Qualification = ReadQualification(k) };
                }
                case BonusType.Unilevel:
                {
                    var k = BonusKeys(map, "unilevel", "type", "compression", "percents", "max_levels", "tree");
                    var dynamic = false;
                    if (k.TryGetValue("compression", out var c))
                    {
                        var mode = Text(c.Value, "compression");
                        if (mode == "dynamic") dynamic = true;
                        else if (mode is not null and not "none") Error(c.Value, $"'compression' must be 'dynamic' or 'none', not '{mode}'");
                    }
                    var placement = k.TryGetValue("tree", out var t) && Choice(t.Value, "tree", "sponsor", "placement") == "placement";
                    return new UnilevelBonus(dynamic, PercentList(k, "percents"), LimitMap(k, "max_levels"))
                    {
                        OverPlacement = placement, Qualification = ReadQualification(k),
                    };
                }
                case BonusType.Binary:
                {
                    var k = BonusKeys(map, "binary", "type", "percent", "cycle", "cap", "max_carry", "flush_if_inactive");
                    var flush = k.TryGetValue("flush_if_inactive", out var f) && Boolean(f.Value, "flush_if_inactive");
                    var hasPercent = k.TryGetValue("percent", out var pe);
                    var hasCycle = k.TryGetValue("cycle", out var cy);
                    if (hasPercent && hasCycle) Error(cy.Key, "binary takes either 'percent' or 'cycle', not both");
                    else if (!hasPercent && !hasCycle) Error(map, "binary needs 'percent' or 'cycle'");
                    // A cap is money, or a rank map of money where a rank below every listed one has no cap.
                    decimal? cap = null;
                    decimal?[]? capByRank = null;
                    if (k.TryGetValue("cap", out var c))
                    {
                        if (c.Value is YamlMappingNode) capByRank = RankMap(k, "cap", null);
                        else cap = NonNegative(c.Value, "cap");
                    }
                    return new BinaryBonus(hasPercent ? NonNegative(pe.Value, "percent") ?? 0 : 0, cap, OptionalNumber(k, "max_carry"), flush)
                    {
                        Cycle = hasCycle ? ReadCycle(cy.Value) : null, CapByRank = capByRank, Qualification = ReadQualification(k),
                    };
                }
                case BonusType.Stairstep:
                {
                    var k = BonusKeys(map, "stairstep", "type", "percents", "percents_by_gv", "breakaway_rank", "overrides", "start");
                    var breakaway = k.TryGetValue("breakaway_rank", out var b) ? RankName(b.Value) : null;
                    var overrides = breakaway is null ? [] : PercentList(k, "overrides");
                    if (k.ContainsKey("percents") && k.TryGetValue("percents_by_gv", out var both)) Error(both.Key, "stairstep takes either 'percents' or 'percents_by_gv', not both");
                    var slabs = k.TryGetValue("percents_by_gv", out var sl) ? ReadSlabs(sl.Value) : null;
                    var atSponsor = k.TryGetValue("start", out var st) && Choice(st.Value, "start", "self", "sponsor") == "sponsor";
                    return new StairstepBonus(RankValueMap(k, "percents"), breakaway, overrides)
                    {
                        Slabs = slabs, StartAtSponsor = atSponsor, Qualification = ReadQualification(k),
                    };
                }
                case BonusType.RankAdvancement:
                {
                    var k = BonusKeys(map, "rank_advancement", "type", "amounts");
                    // Amounts apply to the listed ranks only: no carrying up from the rank below.
                    var amounts = new decimal[_rankNames.Count];
                    if (k.TryGetValue("amounts", out var a))
                    {
                        foreach (var (rank, value) in RankEntries(a.Value, "amounts")) amounts[rank] = value;
                    }
                    return new RankAdvancementBonus(amounts) { Qualification = ReadQualification(k) };
                }
                case BonusType.Pool:
                {
                    var k = BonusKeys(map, "pool", "type", "percent", "shares");
                    return new PoolBonus(OptionalNumber(k, "percent") ?? 0, RankValueMap(k, "shares")) { Qualification = ReadQualification(k) };
                }
                case BonusType.Matching:
                {
                    var k = BonusKeys(map, "matching", "type", "of", "percents", "max_generations", "generation_rank");
                    var of = new List<BonusType>();
                    if (k.TryGetValue("of", out var ofEntry))
                    {
                        if (ofEntry.Value is YamlSequenceNode ofSeq)
                        {
                            foreach (var item in ofSeq.Children)
                            {
                                var name = Text(item, "of");
                                if (name is null) continue;
                                if (name == "matching") Error(item, "'matching.of' cannot name 'matching' itself");
                                else if (!BonusNames.TryParse(name, out var t) || t == BonusType.Clawback) Error(item, $"unknown bonus type '{name}' in 'of'");
                                else if (!of.Contains(t)) of.Add(t);
                            }
                        }
                        else Error(ofEntry.Value, "'of' must be a list of bonus types");
                    }
                    var closing = k.TryGetValue("generation_rank", out var gr) ? RankName(gr.Value) : null;
                    return new MatchingBonus(of, PercentList(k, "percents"), LimitMap(k, "max_generations"))
                    {
                        GenerationRank = closing, Qualification = ReadQualification(k),
                    };
                }
                case BonusType.Clawback:
                default:
                    return null;
            }
        }

        // ---- version 2 parts (section 9) ------------------------------------------------

        private BinaryCycle? ReadCycle(YamlNode node)
        {
            if (Mapping(node, "cycle") is not { } map) return null;
            var k = Keys(map, "cycle", "volume", "value", "ratio");
            decimal? volume = null;
            if (Required(map, k, "volume") is { } v && NonNegative(v, "volume") is { } x)
            {
                if (x == 0) Error(v, "'volume' of a cycle must be above 0");
                else volume = x;
            }
            var value = new decimal[_rankNames.Count];
            if (Required(map, k, "value") is { } valueNode)
            {
                if (valueNode is YamlMappingNode) value = RankValueMap(k, "value");
                else if (NonNegative(valueNode, "value") is { } flat) Array.Fill(value, flat);
            }
            var twoToOne = k.TryGetValue("ratio", out var r) && Choice(r.Value, "ratio", "1:1", "2:1") == "2:1";
            return volume is { } size ? new BinaryCycle(size, value, twoToOne) : null;
        }

        private List<GvSlab>? ReadSlabs(YamlNode node)
        {
            if (node is not YamlSequenceNode seq)
            {
                Error(node, "'percents_by_gv' must be a list of slabs, e.g. '- { min_gv: 5000, percent: 10 }'");
                return null;
            }
            var slabs = new List<GvSlab>();
            foreach (var item in seq.Children)
            {
                if (Mapping(item, "percents_by_gv") is not { } slab) continue;
                var k = Keys(slab, "a slab of percents_by_gv", "min_gv", "percent");
                var minGv = Required(slab, k, "min_gv") is { } g ? NonNegative(g, "min_gv") : null;
                var percent = Required(slab, k, "percent") is { } p ? NonNegative(p, "percent") : null;
                if (minGv is not { } min || percent is not { } pct) continue;
                if (slabs.Count > 0 && min <= slabs[^1].MinGv)
                {
                    Error(k["min_gv"].Value, $"slabs must be in ascending min_gv: {min} comes after {slabs[^1].MinGv}");
                    continue;
                }
                slabs.Add(new GvSlab(min, pct));
            }
            if (slabs.Count > InputRanges.ListEntries) Error(node, $"'percents_by_gv' has {slabs.Count} slabs; at most {InputRanges.ListEntries}");
            return slabs;
        }

        /// <summary>The value of <paramref name="key"/>, one of <paramref name="allowed"/>; an error names the others.</summary>
        private string? Choice(YamlNode node, string key, params string[] allowed)
        {
            var value = Text(node, key);
            if (value is null || Array.IndexOf(allowed, value) >= 0) return value;
            Error(node, $"'{key}' must be {string.Join(" or ", allowed.Select(a => $"'{a}'"))}, not '{value}'");
            return null;
        }

        // ---- rank maps ----------------------------------------------------------------

        /// <summary>A rank map where an unlisted rank takes the value of the highest listed rank below it, or <paramref name="below"/>.</summary>
        private decimal?[] RankMap(Dictionary<string, Entry> keys, string key, decimal? below)
        {
            var values = new decimal?[_rankNames.Count];
            if (keys.TryGetValue(key, out var entry))
            {
                foreach (var (rank, value) in RankEntries(entry.Value, key)) values[rank] = value;
            }
            var result = new decimal?[values.Length];
            var carried = below;
            for (var i = 0; i < values.Length; i++) result[i] = carried = values[i] ?? carried;
            return result;
        }

        /// <summary>A rank map where an unlisted rank takes the value of the highest listed rank below it, or 0.</summary>
        private decimal[] RankValueMap(Dictionary<string, Entry> keys, string key) => [.. RankMap(keys, key, 0m).Select(v => v ?? 0m)];

        /// <summary>A rank map of level limits; absent means no limit for any rank.</summary>
        private int[] LimitMap(Dictionary<string, Entry> keys, string key)
        {
            var result = new int[_rankNames.Count];
            if (!keys.TryGetValue(key, out var entry))
            {
                Array.Fill(result, int.MaxValue);
                return result;
            }
            var values = new int?[_rankNames.Count];
            foreach (var (rank, value) in RankEntries(entry.Value, key, integer: true)) values[rank] = (int)value;
            var carried = 0;
            for (var i = 0; i < values.Length; i++) result[i] = carried = values[i] ?? carried;
            return result;
        }

        private IEnumerable<(int Rank, decimal Value)> RankEntries(YamlNode node, string key, bool integer = false)
        {
            if (Mapping(node, key) is not { } map) yield break;
            foreach (var (k, v) in map.Children)
            {
                var rank = RankName(k);
                var value = integer ? Integer(v, key) : NonNegative(v, key);
                if (rank is { } r && value is { } x) yield return (r, x);
            }
        }

        private int? RankName(YamlNode node)
        {
            var name = Text(node, "rank");
            if (name is null) return null;
            var index = _rankNames.IndexOf(name);
            if (index < 0) Error(node, $"unknown rank name '{name}' (the plan's ranks are {string.Join(", ", _rankNames)})");
            return index < 0 ? null : index;
        }

        // ---- scalars ------------------------------------------------------------------

        private decimal[] PercentList(Dictionary<string, Entry> keys, string key)
        {
            if (!keys.TryGetValue(key, out var entry)) return [];
            if (entry.Value is not YamlSequenceNode seq)
            {
                Error(entry.Value, $"'{key}' must be a list of percent numbers");
                return [];
            }
            if (seq.Children.Count > InputRanges.ListEntries)
            {
                Error(entry.Value, $"'{key}' has {seq.Children.Count} entries; a plan pays at most {InputRanges.ListEntries} levels");
                return [];
            }
            var list = new List<decimal>();
            foreach (var item in seq.Children)
            {
                if (NonNegative(item, key) is { } p) list.Add(p);
            }
            return [.. list];
        }

        private decimal? OptionalNumber(Dictionary<string, Entry> keys, string key) =>
            keys.TryGetValue(key, out var entry) ? NonNegative(entry.Value, key) : null;

        private decimal? NonNegative(YamlNode node, string key)
        {
            if (node is not YamlScalarNode { Value: { } text } ||
                !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                    CultureInfo.InvariantCulture, out var value))
            {
                Error(node, $"'{key}' must be a number, not '{Describe(node)}'");
                return null;
            }
            if (value < 0)
            {
                Error(node, $"'{key}' must not be negative ({text})");
                return null;
            }
            // Percents are keys named so, stairstep overrides and retail shares (docs/plan-format.md, accepted ranges).
            var percent = key.Contains("percent", StringComparison.Ordinal) || key is "overrides" or "min_retail_share";
            var (most, decimals) = percent ? (InputRanges.Percent, InputRanges.PercentDecimals) : (InputRanges.PlanAmount, InputRanges.AmountDecimals);
            if (value > most)
            {
                Error(node, percent
                    ? $"'{key}' is a percent from 0 to 100, not {text}"
                    : $"'{key}' must be at most 1,000,000,000,000 ({text})");
                return null;
            }
            if (value.Scale > decimals)
            {
                Error(node, $"'{key}' may have at most {decimals} decimals ({text})");
                return null;
            }
            return value;
        }

        private int? Integer(YamlNode node, string key)
        {
            if (node is not YamlScalarNode { Value: { } text } ||
                !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                Error(node, $"'{key}' must be a whole number of zero or more, not '{Describe(node)}'");
                return null;
            }
            if (value > InputRanges.WholeNumber)
            {
                Error(node, $"'{key}' must be at most {InputRanges.WholeNumber} ({text})");
                return null;
            }
            return value;
        }

        private bool Boolean(YamlNode node, string key)
        {
            if (node is YamlScalarNode { Value: "true" or "True" or "TRUE" }) return true;
            if (node is YamlScalarNode { Value: "false" or "False" or "FALSE" }) return false;
            Error(node, $"'{key}' must be true or false, not '{Describe(node)}'");
            return false;
        }

        private string? Text(YamlNode node, string key)
        {
            if (node is YamlScalarNode { Value: { Length: > 0 } text }) return text;
            Error(node, $"'{key}' must be a non-empty text");
            return null;
        }

        private YamlMappingNode? Mapping(YamlNode node, string key)
        {
            if (node is YamlMappingNode map) return map;
            Error(node, $"'{key}' must be a mapping of keys to values");
            return null;
        }

        private YamlNode? Required(YamlMappingNode map, Dictionary<string, Entry> keys, string key)
        {
            if (keys.TryGetValue(key, out var entry)) return entry.Value;
            Error(map, $"missing required key '{key}'");
            return null;
        }

        /// <summary>The mapping's entries by key; every key not in <paramref name="allowed"/> is an error.</summary>
        private Dictionary<string, Entry> Keys(YamlMappingNode map, string context, params string[] allowed)
        {
            var result = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var (k, v) in map.Children)
            {
                var key = (k as YamlScalarNode)?.Value ?? "";
                if (Array.IndexOf(allowed, key) < 0)
                {
                    Error(k, $"unknown key '{key}' in {context} (allowed: {string.Join(", ", allowed)})");
                    continue;
                }
                result[key] = new Entry(k, v);
            }
            return result;
        }

        private static string Describe(YamlNode node) => node switch
        {
            YamlScalarNode s => s.Value ?? "",
            YamlSequenceNode => "a list",
            YamlMappingNode => "a mapping",
            _ => node.ToString(),
        };

        private void Error(YamlNode? node, string message)
        {
            var line = node is null ? 1 : Math.Max(1, (int)node.Start.Line);
            var column = node is null ? 1 : Math.Max(1, (int)node.Start.Column);
            errors.Add(line, column, message);
        }

        private readonly record struct Entry(YamlNode Key, YamlNode Value);
    }
}
