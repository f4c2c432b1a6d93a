using System.Globalization;
using Arbor.Engine.Model;
using Arbor.Engine.Output;
using Arbor.Engine.Plans;

namespace Arbor.Engine.Batch;

/// <summary>
/// Writes a network and its orders back in the contract's batch format (<c>members.csv</c>,
/// <c>orders.csv</c>): what an export from the database gives, and what the readers take.
/// </summary>
public static class BatchWriter
{
    /// <summary>members.csv with every column of the contract, in network order.</summary>
    public static void WriteMembers(Network network, Plan plan, Stream stream)
    {
        using var csv = new Utf8CsvWriter(stream);
        csv.Field("id,sponsor_id,joined_on,status,placement_id,side,highest_rank,carry_left,carry_right"u8);
        csv.EndLine();
        for (var m = 0; m < network.Count; m++)
        {
            csv.Field(network.Ids[m]);
            csv.Field(network.Sponsor[m] < 0 ? "" : network.Ids[network.Sponsor[m]]);
            csv.Field(DateOnly.FromDayNumber(network.JoinedOn[m]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.Field(network.Terminated[m] ? "terminated"u8 : "active"u8);
            var parent = network.PlacementParent[m];
            csv.Field(parent < 0 ? "" : network.Ids[parent]);
            if (parent >= 0 && network.Side[m] == Side.Numbered) csv.Field(network.Position[m]);
            else csv.Field(parent < 0 ? ""u8 : network.Side[m] == Side.Left ? "L"u8 : "R"u8);
            csv.Field(network.HighestRank[m] == 0 ? "" : plan.Ranks[network.HighestRank[m]].Name);
            csv.Volume(network.CarryLeft[m]);
            csv.Volume(network.CarryRight[m]);
            csv.EndLine();
        }
    }

    /// <summary>
    /// orders.csv: amounts only on retail orders, original ids only on returns; with
    /// <paramref name="customers"/>, a <c>customer_id</c> column last, on retail orders (decision 18).
    /// </summary>
    public static void WriteOrders(OrderBook orders, Network network, Stream stream, bool customers = false)
    {
        using var csv = new Utf8CsvWriter(stream);
        csv.Field(customers ? "id,date,member_id,kind,pv,cv,amount,wholesale,original_id,customer_id"u8 : "id,date,member_id,kind,pv,cv,amount,wholesale,original_id"u8);
        csv.EndLine();
        for (var o = 0; o < orders.Count; o++)
        {
            var kind = orders.Kind[o];
            csv.Field(orders.Ids[o]);
            csv.Field(DateOnly.FromDayNumber(orders.Date[o]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.Field(network.Ids[orders.Member[o]]);
            csv.Field(kind switch { OrderKind.Retail => "retail"u8, OrderKind.Return => "return"u8, _ => "personal"u8 });
            csv.Volume(orders.Pv[o]);
            csv.Volume(orders.Cv[o]);
            if (kind == OrderKind.Retail)
            {
                csv.Volume(orders.AmountOf(o));
                csv.Volume(orders.WholesaleOf(o));
            }
            else
            {
                csv.Field(""u8);
                csv.Field(""u8);
            }
            csv.Field(kind == OrderKind.Return ? orders.OriginalIdOf(o) ?? "" : "");
            if (customers) csv.Field(kind == OrderKind.Retail ? orders.CustomerOf(o) ?? "" : "");
            csv.EndLine();
        }
    }
}
