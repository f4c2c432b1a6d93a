using System.Data.Common;
using Arbor.Core.Genealogy;
using Arbor.Data;
using Arbor.Engine.Batch;
using Arbor.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace Arbor.Core.Transfer;

/// <summary>What an import loaded.</summary>
public sealed record ImportReport(int Members, int Orders);

/// <summary>
/// Loads a company from the contract's batch files (a company leaving a legacy system) into an
/// empty database: every rule of the contract is checked first (FILE:LINE: errors), then all
/// rows go in one transaction, so an import happens whole or not at all.
/// </summary>
public sealed class ImportBatch(ArborDatabase database)
{
    /// <exception cref="Engine.InputException">A file breaks the contract; nothing was written.</exception>
    /// <param name="storePlan">False when <paramref name="plan"/> only reads the files (no plan given): the database then holds no plan.</param>
    public async Task<Outcome<ImportReport>> RunAsync(string membersPath, string ordersPath, PlanText plan, IProgress<string>? progress = null,
        bool storePlan = true, CancellationToken ct = default)
    {
        var network = MemberFileReader.ReadFile(membersPath, plan.Plan);
        var orders = OrderFileReader.ReadFile(ordersPath, network, Path.GetFileName(membersPath));
        progress?.Report($"read {network.Count:N0} members and {orders.Count:N0} orders");
        if (MatrixWidth(network) > TreePath.MaxWidth)
        {
            return new Problem("members", $"{Path.GetFileName(membersPath)} places members at positions up to {MatrixWidth(network)}; a matrix is at most {TreePath.MaxWidth} wide");
        }

        await using (var db = database.CreateContext())
        {
            if (await db.Members.AnyAsync(ct) || await db.Orders.AnyAsync(ct))
            {
                return new Problem("database", $"{database} already holds members or orders: import loads a company into an empty database");
            }
        }

        await using var connection = database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var firstDay = DateOnly.FromDayNumber(network.Count == 0 ? DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber : network.JoinedOn.Min());
        await CompanyRowAsync(connection, tx, plan, network, ct);
        if (storePlan)
        {
            using var plans = new BulkInsert(connection, tx, "plans", ("name", BulkType.Text), ("effective_from", BulkType.Date), ("yaml", BulkType.Text));
            plans.Add(plan.Plan.Name, firstDay, plan.Yaml);
            plans.Complete();
        }
        await InsertMembersAsync(connection, tx, network, plan, ct);
        progress?.Report("members written");
        InsertOrders(connection, tx, orders);
        progress?.Report("orders written");
        await BulkLoad.CatchUpIdsAsync(connection, tx, [Table.Members, Table.Orders], ct);
        await tx.CommitAsync(ct);
        return new ImportReport(network.Count, orders.Count);
    }

    private static async Task CompanyRowAsync(DbConnection connection, DbTransaction tx, PlanText plan, Network network, CancellationToken ct)
    {
        // Numbered positions make a forced matrix as wide as the widest position (section 9.1); L and R a binary tree.
        var width = MatrixWidth(network);
        var placement = !network.PlacementParent.Any(p => p >= 0) ? "none" : width > 0 ? "matrix" : "binary";
        if (await BulkLoad.AnyRowsAsync(connection, tx, [Table.Company], ct)) return;
        using var company = new BulkInsert(connection, tx, "company", ("id", BulkType.Int), ("name", BulkType.Text), ("currency", BulkType.Text),
            ("placement", BulkType.Text), ("binary_default", BulkType.Text), ("matrix_width", BulkType.Int), ("matrix_depth", BulkType.Int));
        company.Add(1, plan.Plan.Name, plan.Plan.Currency ?? "EUR", placement, "weaker_leg", width > 0 ? width : 3, 7);
        company.Complete();
    }

    /// <summary>The widest numbered position of the members file, or 0 when members sit on L and R only.</summary>
    private static int MatrixWidth(Network network) => network.Side.Contains(Side.Numbered) ? network.Position.Max() : 0;

    /// <summary>A member's placement position as the database keeps it, from 0: L 0, R 1, a numbered position one less.</summary>
    private static int StoredPosition(Network network, int m) => network.Side[m] switch
    {
        Side.Left => 0,
        Side.Right => 1,
        _ => network.Position[m] - 1,
    };

    /// <summary>Member ids are input positions + 1, so the database keeps the file's order; rows go in sponsor-first order.</summary>
    private static async Task InsertMembersAsync(DbConnection connection, DbTransaction tx, Network network, PlanText plan, CancellationToken ct)
    {
        var n = network.Count;
        var sponsorPath = new string[n];
        var depth = new int[n];
        foreach (var m in TopDown(network.Sponsor))
        {
            var s = network.Sponsor[m];
            sponsorPath[m] = s < 0 ? TreePath.SponsorRoot(m + 1) : TreePath.SponsorChild(sponsorPath[s], m + 1);
            depth[m] = s < 0 ? 0 : depth[s] + 1;
        }
        var placed = network.PlacementParent.Any(p => p >= 0);
        var placementPath = new string?[n];
        var placementDepth = new int[n];
        if (placed)
        {
            foreach (var m in TopDown(network.PlacementParent))
            {
                var p = network.PlacementParent[m];
                placementPath[m] = p < 0 ? TreePath.PlacementRoot(m + 1) : TreePath.PlacementChild(placementPath[p]!, StoredPosition(network, m));
                placementDepth[m] = p < 0 ? 0 : placementDepth[p] + 1;
            }
        }

        var inserted = new bool[n];
        var later = new List<int>();
        using (var members = new BulkInsert(connection, tx, "members",
            ("id", BulkType.Long), ("handle", BulkType.Text), ("email", BulkType.Text), ("name", BulkType.Text), ("country", BulkType.Text),
            ("language", BulkType.Text), ("joined_on", BulkType.Date), ("sponsor_id", BulkType.Long), ("path", BulkType.Text), ("depth", BulkType.Int),
            ("placement_parent_id", BulkType.Long), ("placement_position", BulkType.Int), ("placement_path", BulkType.Text), ("placement_depth", BulkType.Int),
            ("status", BulkType.Text), ("status_since", BulkType.Date), ("highest_rank", BulkType.Text), ("carry_left", BulkType.Decimal), ("carry_right", BulkType.Decimal)))
        {
            foreach (var m in TopDown(network.Sponsor))
            {
                var p = network.PlacementParent[m];
                // A placement parent not yet written (placed under someone enrolled later) is linked after all rows are in.
                var linkNow = p < 0 || inserted[p];
                if (!linkNow) later.Add(m);
                var joined = DateOnly.FromDayNumber(network.JoinedOn[m]);
                members.Add(
                    (long)m + 1, network.Ids[m], $"member-{m + 1}@imported.invalid", network.Ids[m], "ZZ", "und", joined,
                    network.Sponsor[m] < 0 ? null : (long)network.Sponsor[m] + 1, sponsorPath[m], depth[m],
                    linkNow && p >= 0 ? (long)p + 1 : null, linkNow && p >= 0 ? (StoredPosition(network, m)) : null,
                    placed ? placementPath[m] : null, placed ? placementDepth[m] : null,
                    network.Terminated[m] ? "terminated" : "active", joined,
                    network.HighestRank[m] == 0 ? null : plan.Plan.Ranks[network.HighestRank[m]].Name,
                    network.CarryLeft[m], network.CarryRight[m]);
                inserted[m] = true;
            }
            members.Complete();
        }
        foreach (var m in later) await BulkLoad.PlaceAsync(connection, tx, m + 1, network.PlacementParent[m] + 1, StoredPosition(network, m), ct);
        using var history = new BulkInsert(connection, tx, "member_status_changes",
            ("member_id", BulkType.Long), ("status", BulkType.Text), ("effective_on", BulkType.Date), ("reason", BulkType.Text), ("changed_by", BulkType.Text));
        for (var m = 0; m < n; m++)
        {
            history.Add((long)m + 1, network.Terminated[m] ? "terminated" : "active", DateOnly.FromDayNumber(network.JoinedOn[m]), "imported", "import");
        }
        history.Complete();
    }

    /// <summary>Order ids are input positions + 1; originals go in before the returns that name them.</summary>
    private static void InsertOrders(DbConnection connection, DbTransaction tx, OrderBook orders)
    {
        var byId = new Dictionary<string, int>(orders.Count, StringComparer.Ordinal);
        for (var o = 0; o < orders.Count; o++) byId[orders.Ids[o]] = o;
        using var insert = new BulkInsert(connection, tx, "orders",
            ("id", BulkType.Long), ("number", BulkType.Text), ("date", BulkType.Date), ("kind", BulkType.Text), ("member_id", BulkType.Long),
            ("original_order_id", BulkType.Long), ("original_number", BulkType.Text), ("amount", BulkType.Decimal), ("wholesale", BulkType.Decimal),
            ("pv", BulkType.Decimal), ("cv", BulkType.Decimal));
        foreach (var returns in new[] { false, true })
        {
            for (var o = 0; o < orders.Count; o++)
            {
                var kind = orders.Kind[o];
                if ((kind == OrderKind.Return) != returns) continue;
                var original = orders.OriginalIdOf(o);
                long? originalId = original is not null && byId.TryGetValue(original, out var oi) && orders.Kind[oi] != OrderKind.Return ? oi + 1 : null;
                insert.Add((long)o + 1, orders.Ids[o], DateOnly.FromDayNumber(orders.Date[o]),
                    kind switch { OrderKind.Retail => "retail", OrderKind.Return => "return", _ => "personal" },
                    (long)orders.Member[o] + 1, originalId, kind == OrderKind.Return ? original : null,
                    kind == OrderKind.Retail ? orders.AmountOf(o) : null, kind == OrderKind.Retail ? orders.WholesaleOf(o) : null,
                    orders.Pv[o], orders.Cv[o]);
            }
        }
        insert.Complete();
    }

    /// <summary>Members in parents-first order over a parent array (the engine has checked it has no cycle).</summary>
    internal static int[] TopDown(int[] parent)
    {
        var n = parent.Length;
        var childCount = new int[n + 1];
        foreach (var p in parent)
        {
            if (p >= 0) childCount[p + 1]++;
        }
        for (var i = 1; i <= n; i++) childCount[i] += childCount[i - 1];
        var children = new int[n];
        var fill = childCount[..n];
        for (var m = 0; m < n; m++)
        {
            if (parent[m] >= 0) children[fill[parent[m]]++] = m;
        }
        var order = new int[n];
        int head = 0, tail = 0;
        for (var m = 0; m < n; m++)
        {
            if (parent[m] < 0) order[tail++] = m;
        }
        while (head < tail)
        {
            var m = order[head++];
            for (var c = childCount[m]; c < childCount[m + 1]; c++) order[tail++] = children[c];
        }
        return order;
    }
}
