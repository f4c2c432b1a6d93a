using System.Data.Common;
using Arbor.Core.Genealogy;
using Arbor.Data;

namespace Arbor.Core.Demo;

/// <summary>What to seed: how many members, the random seed, and the day the history ends.</summary>
public sealed record DemoOptions(int Members, int Seed, DateOnly Until);

/// <summary>What was seeded.</summary>
public sealed record DemoReport(int Members, int Customers, int Orders, int Returns, int Autoships, int Terminated);

/// <summary>
/// Seeds a realistic demo company into an empty database, the same for the same options:
/// a catalog with one price change, twelve months of growth ending on <see cref="DemoOptions.Until"/>
/// (recruiting that accelerates, sponsors chosen in proportion to how many they already
/// recruited), dropout (most new members stop ordering within a few months; some are later
/// terminated), retail and preferred customers, monthly orders, autoships and returns.
/// Everything is generated in memory first and written in one transaction with bulk inserts.
/// </summary>
public sealed class DemoCompany(ArborDatabase database)
{
    private static readonly string[] FirstNames = ["Anna", "Ben", "Clara", "David", "Elena", "Felix", "Greta", "Hugo", "Ines", "Jonas", "Katja", "Leon", "Mia", "Noah", "Olga", "Paul", "Rosa", "Sven", "Tara", "Umut", "Vera", "Wim", "Yara", "Zoe"];
    private static readonly string[] LastNames = ["Schmidt", "Rossi", "Dubois", "Novak", "Jansen", "Kowalski", "Garcia", "Berg", "Silva", "Moreau", "Costa", "Weber", "Horvat", "Nilsen", "Ricci", "Lang"];
    private static readonly (string Country, string Language)[] Places = [("DE", "de"), ("AT", "de"), ("FR", "fr"), ("IT", "it"), ("ES", "es"), ("NL", "nl"), ("PL", "pl"), ("SE", "sv")];

    private sealed record ProductSeed(string Sku, string Name, decimal Retail);

    /// <summary>The demo's markets: local prices are the euro price × <c>PerEuro</c>, rounded to a whole unit less one cent; <c>Rate</c> converts back.</summary>
    private static readonly (string Country, string Currency, decimal Rate, decimal PerEuro)[] Markets = [("PL", "PLN", 0.23m, 4.3m), ("SE", "SEK", 0.087m, 11.5m)];

    private static readonly ProductSeed[] Products =
    [
        new("SHAKE-VAN", "Protein shake, vanilla", 49.90m), new("SHAKE-CHO", "Protein shake, chocolate", 49.90m),
        new("TEA-HERB", "Herbal tea, 50 bags", 19.50m), new("BAR-BOX", "Protein bars, box of 12", 29.00m),
        new("VIT-DAILY", "Daily vitamins, 90 tablets", 34.00m), new("OMEGA-3", "Omega-3, 120 capsules", 39.00m),
        new("FIBER", "Fibre blend, 30 servings", 24.50m), new("CREAM-DAY", "Day cream, 50 ml", 44.00m),
        new("CREAM-NIGHT", "Night cream, 50 ml", 48.00m), new("SERUM", "Face serum, 30 ml", 59.00m),
        new("STARTER", "Starter kit", 99.00m), new("BOOST", "Energy drink, 24 cans", 36.00m),
    ];

    /// <summary>Generates the demo company and writes it in one transaction; refused when the database already holds a company.</summary>
    public async Task<Outcome<DemoReport>> SeedAsync(DemoOptions options, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        if (options.Members < 1) return new Problem("members", "at least 1");
        var company = Generate(options, progress);
        if (!await WriteAsync(company, progress, ct)) return new Problem("database", $"{database} already holds a company: seed the demo into an empty database");
        await DemoTraining.SeedAsync(database, ct);
        return new DemoReport(company.Members.Count, company.Customers.Count, company.Orders.Count(o => o.Kind != "return"),
            company.Orders.Count(o => o.Kind == "return"), company.Autoships.Count, company.Members.Count(m => m.Status == "terminated"));
    }

    private sealed class M
    {
        public required string Handle;
        public required string Name;
        public required string Country;
        public required string Language;
        public DateOnly Joined;
        public int Sponsor = -1;
        public required string Path;
        public int Depth;
        public int PlacementParent = -1;
        public int Position;
        public required string PlacementPath;
        public int PlacementDepth;
        public DateOnly LastActive;
        public string Status = "active";
        public DateOnly StatusSince;
        public int Recruits;
    }

    private sealed record C(int Referrer, string Name, string Email, string Kind, DateOnly Created, DateOnly LastActive);

    private sealed record Line(int Product, int Quantity, decimal Unit, decimal UnitMember, decimal Pv, decimal Cv, int OriginalLine = -1);

    private sealed record O(int Member, int Customer, DateOnly Date, string Kind, List<Line> Lines, int Original = -1, int Autoship = -1);

    private sealed record A(int Member, int Customer, int Day, DateOnly Starts, bool Active, List<(int Product, int Quantity)> Items);

    private sealed record Generated(DateOnly Start, DateOnly Until, List<M> Members, List<C> Customers, List<O> Orders, List<A> Autoships, List<(int Product, DateOnly From, decimal Retail)> Prices);

    private static Generated Generate(DemoOptions options, IProgress<string>? progress)
    {
        var random = new Random(options.Seed);
        var start = options.Until.AddMonths(-12).AddDays(1);
        var days = options.Until.DayNumber - start.DayNumber + 1;

        // Prices: list prices from the start; three products 5 % dearer from the middle of the year.
        var prices = Products.Select((p, i) => (i, start, p.Retail)).ToList();
        var change = start.AddMonths(6);
        foreach (var i in new[] { 0, 1, 9 }) prices.Add((i, change, Math.Round(Products[i].Retail * 1.05m, 1)));
        decimal RetailOn(int product, DateOnly date) => prices.Where(p => p.Item1 == product && p.Item2 <= date).OrderBy(p => p.Item2).Last().Item3;

        var members = new List<M>(options.Members);
        var tickets = new List<int>(options.Members * 2);
        var children = new List<(int Left, int Right)>(options.Members);
        for (var i = 0; i < options.Members; i++)
        {
            // Recruiting accelerates: the i-th member joins at (i/n)^0.7 of the way through the year.
            var joined = DateOnly.FromDayNumber(start.DayNumber + (int)(Math.Pow((double)i / options.Members, 0.7) * (days - 1)));
            var place = Places[random.Next(Places.Length)];
            var first = FirstNames[random.Next(FirstNames.Length)];
            var m = new M
            {
                // The company's own root account is "founder"; everyone else is first name + number.
                Handle = i == 0 ? "founder" : $"{first.ToLowerInvariant()}{i + 1}",
                Name = i == 0 ? "Arbor Demo Naturals" : $"{first} {LastNames[random.Next(LastNames.Length)]}",
                Country = place.Country,
                Language = place.Language,
                Joined = joined,
                Path = "",
                PlacementPath = "",
                StatusSince = joined,
            };
            // Most stop ordering within a few months; a committed few keep going.
            var roll = random.NextDouble();
            var months = roll < 0.55 ? random.Next(0, 3) : roll < 0.85 ? random.Next(3, 12) : 24;
            m.LastActive = i == 0 ? options.Until : joined.AddMonths(months);
            members.Add(m);
            children.Add((-1, -1));
            if (i == 0)
            {
                m.Path = TreePath.SponsorRoot(1);
                m.PlacementPath = TreePath.PlacementRoot(1);
            }
            else
            {
                // Sponsors in proportion to their recruits so far (plus one): a few big builders, many who recruit no one.
                var s = tickets[random.Next(tickets.Count)];
                var sponsor = members[s];
                m.Sponsor = s;
                m.Path = TreePath.SponsorChild(sponsor.Path, i + 1);
                m.Depth = sponsor.Depth + 1;
                tickets.Add(s);
                // Placement: the sponsor's sides in turn; below a taken side, a random path down to the first free spot,
                // which keeps the tree about as deep as a random binary search tree (2 ln n levels).
                var side = sponsor.Recruits % 2;
                var bottom = s;
                while ((side == 0 ? children[bottom].Left : children[bottom].Right) is var next and >= 0)
                {
                    bottom = next;
                    side = random.Next(2);
                }
                children[bottom] = side == 0 ? (i, children[bottom].Right) : (children[bottom].Left, i);
                m.PlacementParent = bottom;
                m.Position = side;
                m.PlacementPath = TreePath.PlacementChild(members[bottom].PlacementPath, side);
                m.PlacementDepth = members[bottom].PlacementDepth + 1;
                sponsor.Recruits++;
            }
            tickets.Add(i);
        }
        // Dropouts inactive for six months are terminated by the company, from that day on; a few are suspended.
        foreach (var m in members)
        {
            var quietSince = m.LastActive.AddMonths(6);
            if (m.LastActive < options.Until && quietSince <= options.Until && random.NextDouble() < 0.4)
            {
                m.Status = "terminated";
                m.StatusSince = quietSince;
            }
            else if (m.LastActive < options.Until && random.NextDouble() < 0.02)
            {
                m.Status = "suspended";
                m.StatusSince = m.LastActive.AddDays(15) <= options.Until ? m.LastActive.AddDays(15) : options.Until;
            }
        }
        progress?.Report($"{members.Count:N0} members generated");

        var customers = new List<C>();
        for (var i = 0; i < members.Count; i++)
        {
            var count = random.NextDouble() < 0.4 ? random.Next(1, 5) : 0;
            for (var k = 0; k < count; k++)
            {
                var created = DateOnly.FromDayNumber(Math.Min(options.Until.DayNumber, members[i].Joined.DayNumber + random.Next(0, 60)));
                var first = FirstNames[random.Next(FirstNames.Length)];
                customers.Add(new C(i, $"{first} {LastNames[random.Next(LastNames.Length)]}", $"customer{customers.Count + 1}@demo.arbor.test",
                    random.NextDouble() < 0.25 ? "preferred" : "retail", created, created.AddMonths(random.Next(1, 10))));
            }
        }

        var orders = new List<O>();
        var autoships = new List<A>();
        List<Line> Basket(DateOnly date, bool retail, int items)
        {
            var lines = new List<Line>();
            for (var k = 0; k < items; k++)
            {
                var p = random.Next(Products.Length - 1); // the starter kit is sold once, at joining
                if (lines.Any(l => l.Product == p)) continue;
                lines.Add(PriceLine(p, 1 + (random.NextDouble() < 0.2 ? 1 : 0), date, retail));
            }
            return lines;
        }
        Line PriceLine(int p, int quantity, DateOnly date, bool retail)
        {
            var r = RetailOn(p, date);
            var member = Math.Round(r * 0.75m, 2);
            return new Line(p, quantity, retail ? r : member, member, Math.Round(member, 0), Math.Round(member * 0.8m, 2));
        }
        bool Orders(M m, DateOnly date) => date <= m.LastActive && date <= options.Until && !(m.Status != "active" && date >= m.StatusSince);

        for (var i = 0; i < members.Count; i++)
        {
            var m = members[i];
            orders.Add(new O(i, -1, m.Joined, "personal", [PriceLine(Products.Length - 1, 1, m.Joined, false), .. Basket(m.Joined, false, 1)]));
            var onAutoship = random.NextDouble() < 0.3;
            var day = Math.Min(28, m.Joined.Day);
            if (onAutoship)
            {
                var items = Basket(m.Joined, false, 3).Select(l => (l.Product, l.Quantity)).ToList();
                autoships.Add(new A(i, -1, day, m.Joined.AddDays(1), m.LastActive >= options.Until && m.Status == "active", items));
            }
            for (var month = 1; month <= 12; month++)
            {
                var due = new DateOnly(m.Joined.AddMonths(month).Year, m.Joined.AddMonths(month).Month, day);
                if (!Orders(m, due)) break;
                if (onAutoship)
                {
                    var a = autoships.Count - 1;
                    orders.Add(new O(i, -1, due, "personal", [.. autoships[a].Items.Select(x => PriceLine(x.Product, x.Quantity, due, false))], Autoship: a));
                }
                else if (random.NextDouble() < 0.7)
                {
                    var date = due.AddDays(random.Next(0, 20));
                    if (Orders(m, date)) orders.Add(new O(i, -1, date, "personal", Basket(date, false, random.Next(2, 5))));
                }
            }
        }
        for (var c = 0; c < customers.Count; c++)
        {
            var customer = customers[c];
            var referrer = members[customer.Referrer];
            for (var date = customer.Created; date <= customer.LastActive && Orders(referrer, date); date = date.AddDays(random.Next(25, 50)))
            {
                orders.Add(new O(customer.Referrer, c, date, "retail", Basket(date, customer.Kind == "retail", random.Next(1, 3))));
            }
        }
        // Returns: about 2 % of orders, within two weeks, of one line or of everything.
        var placed = orders.Count;
        for (var o = 0; o < placed; o++)
        {
            if (random.NextDouble() >= 0.02) continue;
            var original = orders[o];
            var date = original.Date.AddDays(random.Next(1, 15));
            if (date > options.Until) continue;
            var whole = random.NextDouble() < 0.5;
            var lines = (whole ? original.Lines : original.Lines.Take(1)).Select((l, k) => l with { OriginalLine = k }).ToList();
            orders.Add(new O(original.Member, original.Customer, date, "return", lines, Original: o));
        }
        // Orders go in by date, as they were placed.
        var order = Enumerable.Range(0, orders.Count).OrderBy(o => orders[o].Date).ThenBy(o => o).ToArray();
        var position = new int[orders.Count];
        for (var k = 0; k < order.Length; k++) position[order[k]] = k;
        var sorted = order.Select(o => orders[o] with { Original = orders[o].Original < 0 ? -1 : position[orders[o].Original] }).ToList();
        progress?.Report($"{customers.Count:N0} customers and {sorted.Count:N0} orders generated");
        return new Generated(start, options.Until, members, customers, sorted, autoships, prices);
    }

    /// <summary>Writes the company; false (nothing written) when the database already holds one.</summary>
    private async Task<bool> WriteAsync(Generated g, IProgress<string>? progress, CancellationToken ct)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await BulkLoad.AnyRowsAsync(connection, tx, [Table.Members, Table.Products], ct)) return false;
        Insert(connection, tx, "company", [("id", BulkType.Int), ("name", BulkType.Text), ("currency", BulkType.Text), ("placement", BulkType.Text),
            ("binary_default", BulkType.Text), ("matrix_width", BulkType.Int), ("matrix_depth", BulkType.Int)],
            [[1, "Arbor Demo Naturals", "EUR", "binary", "weaker_leg", 3, 7]]);
        var planYaml = SamplePlanYaml();
        Insert(connection, tx, "plans", [("name", BulkType.Text), ("effective_from", BulkType.Date), ("yaml", BulkType.Text)], [["Sample hybrid plan", g.Start, planYaml]]);
        Insert(connection, tx, "products", [("id", BulkType.Long), ("sku", BulkType.Text), ("name", BulkType.Text), ("description", BulkType.Text), ("currency", BulkType.Text), ("active", BulkType.Bool)],
            Products.Select((p, i) => new object?[] { (long)i + 1, p.Sku, p.Name, $"{p.Name}: demo product", "EUR", true }));
        Insert(connection, tx, "product_prices", [("product_id", BulkType.Long), ("effective_from", BulkType.Date), ("retail_price", BulkType.Decimal),
            ("member_price", BulkType.Decimal), ("pv", BulkType.Decimal), ("cv", BulkType.Decimal)],
            g.Prices.Select(p =>
            {
                var member = Math.Round(p.Retail * 0.75m, 2);
                return new object?[] { (long)p.Product + 1, p.From, p.Retail, member, Math.Round(member, 0), Math.Round(member * 0.8m, 2) };
            }));
        Insert(connection, tx, "members", [("id", BulkType.Long), ("handle", BulkType.Text), ("email", BulkType.Text), ("name", BulkType.Text), ("country", BulkType.Text),
            ("language", BulkType.Text), ("joined_on", BulkType.Date), ("sponsor_id", BulkType.Long), ("path", BulkType.Text), ("depth", BulkType.Int),
            ("placement_parent_id", BulkType.Long), ("placement_position", BulkType.Int), ("placement_path", BulkType.Text), ("placement_depth", BulkType.Int),
            ("status", BulkType.Text), ("status_since", BulkType.Date), ("highest_rank", BulkType.Text), ("carry_left", BulkType.Decimal), ("carry_right", BulkType.Decimal),
            ("bank_reference", BulkType.Text)],
            g.Members.Select((m, i) => new object?[]
            {
                (long)i + 1, m.Handle, $"{m.Handle}@demo.arbor.test", m.Name, m.Country, m.Language, m.Joined, m.Sponsor < 0 ? null : (long)m.Sponsor + 1,
                m.Path, m.Depth, m.PlacementParent < 0 ? null : (long)m.PlacementParent + 1, m.PlacementParent < 0 ? null : m.Position,
                m.PlacementPath, m.PlacementDepth, m.Status, m.StatusSince, null, 0m, 0m, $"{m.Country}00 DEMO {i + 1:D10}",
            }));
        Insert(connection, tx, "member_status_changes", [("member_id", BulkType.Long), ("status", BulkType.Text), ("effective_on", BulkType.Date), ("reason", BulkType.Text), ("changed_by", BulkType.Text)],
            g.Members.SelectMany((m, i) => m.Status == "active"
                ? [new object?[] { (long)i + 1, "active", m.Joined, "enrolled", "demo" }]
                : new[] { new object?[] { (long)i + 1, "active", m.Joined, "enrolled", "demo" }, [(long)i + 1, m.Status, m.StatusSince, m.Status == "terminated" ? "inactive for six months" : "compliance review", "demo"] }));
        progress?.Report($"{g.Members.Count:N0} members written");
        Insert(connection, tx, "customers", [("id", BulkType.Long), ("name", BulkType.Text), ("email", BulkType.Text), ("kind", BulkType.Text), ("referrer_id", BulkType.Long), ("created_on", BulkType.Date)],
            g.Customers.Select((c, i) => new object?[] { (long)i + 1, c.Name, c.Email, c.Kind, (long)c.Referrer + 1, c.Created }));

        // Orders and lines: ids in date order; line ids numbered as they go so returns can name the lines they return.
        var firstLine = new long[g.Orders.Count];
        long lineId = 0;
        for (var o = 0; o < g.Orders.Count; o++)
        {
            firstLine[o] = lineId + 1;
            lineId += g.Orders[o].Lines.Count;
        }
        Insert(connection, tx, "orders", [("id", BulkType.Long), ("number", BulkType.Text), ("date", BulkType.Date), ("kind", BulkType.Text), ("member_id", BulkType.Long),
            ("customer_id", BulkType.Long), ("original_order_id", BulkType.Long), ("original_number", BulkType.Text), ("amount", BulkType.Decimal),
            ("wholesale", BulkType.Decimal), ("pv", BulkType.Decimal), ("cv", BulkType.Decimal)],
            g.Orders.Select((o, i) =>
            {
                var sign = o.Kind == "return" ? -1 : 1;
                var retail = o.Customer >= 0;
                return new object?[]
                {
                    (long)i + 1, $"O{i + 1:D8}", o.Date, o.Kind, (long)o.Member + 1, retail ? (long)o.Customer + 1 : null,
                    o.Original < 0 ? null : (long)o.Original + 1, o.Original < 0 ? null : $"O{o.Original + 1:D8}",
                    retail ? sign * o.Lines.Sum(l => l.Unit * l.Quantity) : null, retail ? sign * o.Lines.Sum(l => l.UnitMember * l.Quantity) : null,
                    sign * o.Lines.Sum(l => l.Pv * l.Quantity), sign * o.Lines.Sum(l => l.Cv * l.Quantity),
                };
            }));
        Insert(connection, tx, "order_lines", [("id", BulkType.Long), ("order_id", BulkType.Long), ("product_id", BulkType.Long), ("quantity", BulkType.Int),
            ("unit_price", BulkType.Decimal), ("unit_member_price", BulkType.Decimal), ("unit_pv", BulkType.Decimal), ("unit_cv", BulkType.Decimal), ("original_line_id", BulkType.Long)],
            g.Orders.SelectMany((o, i) => o.Lines.Select((l, k) => new object?[]
            {
                firstLine[i] + k, (long)i + 1, (long)l.Product + 1, l.Quantity, l.Unit, l.UnitMember, l.Pv, l.Cv,
                o.Original < 0 ? null : firstLine[o.Original] + l.OriginalLine,
            })));
        progress?.Report($"{g.Orders.Count:N0} orders written");
        Insert(connection, tx, "autoships", [("id", BulkType.Long), ("member_id", BulkType.Long), ("customer_id", BulkType.Long), ("day_of_month", BulkType.Int), ("starts_on", BulkType.Date), ("active", BulkType.Bool)],
            g.Autoships.Select((a, i) => new object?[] { (long)i + 1, (long)a.Member + 1, null, a.Day, a.Starts, a.Active }));
        var itemId = 0L;
        Insert(connection, tx, "autoship_items", [("id", BulkType.Long), ("autoship_id", BulkType.Long), ("product_id", BulkType.Long), ("quantity", BulkType.Int)],
            g.Autoships.SelectMany((a, i) => a.Items.Select(x => new object?[] { ++itemId, (long)i + 1, (long)x.Product + 1, x.Quantity })));
        Insert(connection, tx, "autoship_runs", [("autoship_id", BulkType.Long), ("due_on", BulkType.Date), ("order_id", BulkType.Long)],
            g.Orders.Select((o, i) => (o, i)).Where(x => x.o.Autoship >= 0).Select(x => new object?[] { (long)x.o.Autoship + 1, x.o.Date, (long)x.i + 1 }));
        // Two markets with their own currency, every product priced there from the last day on (the year before was sold in euros everywhere).
        Insert(connection, tx, "markets", [("country", BulkType.Text), ("currency", BulkType.Text), ("rate", BulkType.Decimal)], Markets.Select(m => new object?[] { m.Country, m.Currency, m.Rate }));
        Insert(connection, tx, "market_prices", [("product_id", BulkType.Long), ("country", BulkType.Text), ("effective_from", BulkType.Date), ("retail_price", BulkType.Decimal), ("member_price", BulkType.Decimal)],
            Markets.SelectMany(m => Products.Select((p, i) => (p, i)).Select(x =>
            {
                var retail = Math.Round(g.Prices.Where(p => p.Product == x.i && p.From <= g.Until).MaxBy(p => p.From).Retail * m.PerEuro, 0) - 0.01m;
                return new object?[] { (long)x.i + 1, m.Country, g.Until, retail, Math.Round(retail * 0.75m, 2) };
            })));
        await BulkLoad.CatchUpIdsAsync(connection, tx, [Table.Members, Table.Customers, Table.Orders, Table.OrderLines, Table.Products, Table.ProductPrices,
            Table.Autoships, Table.AutoshipItems, Table.MemberStatusChanges, Table.Plans], ct);
        await tx.CommitAsync(ct);
        progress?.Report("committed");
        return true;
    }

    private static void Insert(DbConnection connection, DbTransaction tx, string table, (string, BulkType)[] columns, IEnumerable<object?[]> rows)
    {
        using var bulk = new BulkInsert(connection, tx, table, columns);
        foreach (var row in rows) bulk.Add(row);
        bulk.Complete();
    }

    /// <summary>The contract's sample plan, which the demo company runs.</summary>
    public static string SamplePlanYaml()
    {
        using var stream = typeof(DemoCompany).Assembly.GetManifestResourceStream("Arbor.Core.Demo.sample-plan.yaml")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
