using System.CommandLine;
using System.Globalization;
using Arbor.Core.Periods;

namespace Arbor.Cli.Commands;

/// <summary>
/// <c>arbor approvals require|prepare|list|reject</c>: four eyes on the money for scripted use. With
/// four eyes on, one person prepares a step and another takes it: <c>arbor periods close --by</c>,
/// <c>arbor payouts export --by</c>, <c>arbor payouts confirm --by</c> (docs/roles.md).
/// </summary>
internal static class ApprovalsCommands
{
    private static readonly Dictionary<string, string> Steps = new()
    {
        ["close"] = MoneySteps.Close,
        ["export"] = MoneySteps.Export,
        ["confirm"] = MoneySteps.Confirm,
    };

    public static Command Build()
    {
        var group = new Command("approvals", "Four eyes on the money: closing a period, exporting and confirming its payouts each prepared by one person and approved by another.");

        var require = new Command("require", "Turn four eyes on or off for the company.");
        var (qdb, on, qby) = (Db.Option(), new Option<bool>("--on") { Required = true, Description = "true: closes and payouts need a second person; false: one person is enough." }, ByOption());
        foreach (var o in new Option[] { qdb, on, qby }) require.Options.Add(o);
        require.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, qdb) is not { } database) return 1;
            var set = await new FourEyes(database, TimeProvider.System).SetRequiredAsync(parse.GetValue(qby)!, parse.GetValue(on), ct);
            if (!set.Ok) return Db.Refused(parse.InvocationConfiguration.Error, set.Problem!);
            parse.InvocationConfiguration.Output.WriteLine(set.Value ? "four eyes on: closes, payout exports and confirmations need a second person" : "four eyes off");
            return 0;
        });

        var prepare = new Command("prepare", "Prepare a step: its figures are computed and frozen, and it waits for someone else to take it.");
        var (pdb, pstep, pperiod, pby) = (Db.Option(), StepOption(), PeriodsCommands.PeriodOption(), ByOption());
        foreach (var o in new Option[] { pdb, pstep, pperiod, pby }) prepare.Options.Add(o);
        prepare.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, pdb) is not { } database) return 1;
            var prepared = await new FourEyes(database, TimeProvider.System).PrepareAsync(Steps[parse.GetValue(pstep)!], parse.GetValue(pperiod)!, parse.GetValue(pby)!, ct);
            if (!prepared.Ok) return Db.Refused(parse.InvocationConfiguration.Error, prepared.Problem!);
            var a = prepared.Value!;
            parse.InvocationConfiguration.Output.WriteLine($"{FourEyes.Words(a.Step)} of {a.Period} prepared by {a.PreparedBy}: {a.Summary}; a second person takes it with --by");
            return 0;
        });

        var list = new Command("list", "The steps waiting for a second person.");
        var ldb = Db.Option();
        list.Options.Add(ldb);
        list.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, ldb) is not { } database) return 1;
            var output = parse.InvocationConfiguration.Output;
            var pending = await new FourEyes(database, TimeProvider.System).PendingAsync(ct);
            if (pending.Count == 0) output.WriteLine("nothing waits for approval");
            foreach (var a in pending)
            {
                output.WriteLine($"{a.Period,-9} {FourEyes.Words(a.Step),-21} prepared by {a.PreparedBy} at {a.PreparedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}: {a.Summary}");
            }
            return 0;
        });

        var reject = new Command("reject", "Reject a prepared step (its preparer may withdraw it too); nothing else changes.");
        var (rdb, rstep, rperiod, rby) = (Db.Option(), StepOption(), PeriodsCommands.PeriodOption(), ByOption());
        foreach (var o in new Option[] { rdb, rstep, rperiod, rby }) reject.Options.Add(o);
        reject.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, rdb) is not { } database) return 1;
            var rejected = await new FourEyes(database, TimeProvider.System).RejectAsync(Steps[parse.GetValue(rstep)!], parse.GetValue(rperiod)!, parse.GetValue(rby)!, ct);
            if (!rejected.Ok) return Db.Refused(parse.InvocationConfiguration.Error, rejected.Problem!);
            parse.InvocationConfiguration.Output.WriteLine($"{FourEyes.Words(rejected.Value!.Step)} of {rejected.Value.Period} rejected by {rejected.Value.DecidedBy}");
            return 0;
        });

        foreach (var c in new[] { require, prepare, list, reject }) group.Subcommands.Add(c);
        return group;
    }

    private static Option<string> StepOption()
    {
        var option = new Option<string>("--step") { Required = true, Description = "close, export or confirm." };
        option.AcceptOnlyFromAmong([.. Steps.Keys]);
        return option;
    }

    /// <summary>Who acts, for the audit trail and the four-eyes rule (the approver must not be the preparer).</summary>
    internal static Option<string> ByOption(bool required = true) =>
        new("--by") { Required = required, Description = required ? "Who acts (the audit trail)." : "Who takes the step; with four eyes on, someone other than who prepared it." };
}
