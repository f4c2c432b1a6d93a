using System.CommandLine;
using System.Globalization;
using Arbor.Core.Ledger;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor ledger show|adjust</c>: members' accounts.</summary>
internal static class LedgerCommands
{
    public static Command Build()
    {
        var group = new Command("ledger", "Members' accounts: commissions, clawbacks, adjustments, payouts.");
        var show = new Command("show", "A member's ledger entries with the running balance.");
        var db = Db.Option();
        var member = new Option<string>("--member") { Required = true };
        show.Options.Add(db);
        show.Options.Add(member);
        show.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var statement = await new LedgerQueries(context).ForMemberAsync(parse.GetValue(member)!, ct);
            if (!statement.Ok) return Db.Refused(parse.InvocationConfiguration.Error, statement.Problem!);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"{statement.Value!.Member.Handle} — {statement.Value.Member.Name}");
            foreach (var (entry, balance) in statement.Value.Entries)
            {
                output.WriteLine($"{entry.PostedOn:yyyy-MM-dd}  {entry.Kind,-10} {entry.Amount.ToString("N2", CultureInfo.InvariantCulture),12}  {balance.ToString("N2", CultureInfo.InvariantCulture),12}  {entry.Memo}");
            }
            output.WriteLine($"balance {statement.Value.Balance.ToString("N2", CultureInfo.InvariantCulture)}");
            return 0;
        });
        var adjust = new Command("adjust", "Credit (positive) or debit (negative) a member's account, with a reason and who made it.");
        var adb = Db.Option();
        var amember = new Option<string>("--member") { Required = true };
        var amount = new Option<decimal>("--amount") { Required = true };
        var reason = new Option<string>("--reason") { Required = true };
        var by = new Option<string>("--by") { Required = true, Description = "Who makes the adjustment." };
        foreach (var o in new Option[] { adb, amember, amount, reason, by }) adjust.Options.Add(o);
        adjust.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, adb) is not { } database) return 1;
            await using var context = database.CreateContext();
            var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            var done = await new Adjust(context).RunAsync(new AdjustmentRequest(parse.GetValue(amember)!, parse.GetValue(amount), parse.GetValue(reason)!, parse.GetValue(by)!, today), ct);
            if (!done.Ok) return Db.Refused(parse.InvocationConfiguration.Error, done.Problem!);
            parse.InvocationConfiguration.Output.WriteLine($"adjustment {done.Value!.Id}: {done.Value.Amount.ToString("N2", CultureInfo.InvariantCulture)} posted");
            return 0;
        });
        group.Subcommands.Add(show);
        group.Subcommands.Add(adjust);
        return group;
    }
}
