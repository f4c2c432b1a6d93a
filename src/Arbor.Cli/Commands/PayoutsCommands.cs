using System.CommandLine;
using Arbor.Core.Ledger;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor payouts export|confirm</c>: paying a closed period.</summary>
internal static class PayoutsCommands
{
    public static Command Build()
    {
        var group = new Command("payouts", "Pay a closed period: export the payment file, then confirm it once the bank has paid.");
        var export = new Command("export", "Write the payment file (member, name, amount, currency, bank reference) for balances at or above the minimum. Exporting again writes the same batch.");
        var (db, period) = (Db.Option(), PeriodsCommands.PeriodOption());
        var output = new Option<string>("--out") { Required = true, Description = "The CSV file to write." };
        var by = ApprovalsCommands.ByOption(required: false);
        foreach (var o in new Option[] { db, period, output, by }) export.Options.Add(o);
        export.SetAction(async (parse, ct) =>
        {
            using var files = OutputFiles.ForFile(parse.GetValue(output)!);
            if (Db.Open(parse, db) is not { } database) return 1;
            var file = await new Payouts(database, TimeProvider.System).ExportAsync(parse.GetValue(period)!, files.Staging, ct, approver: parse.GetValue(by));
            if (!file.Ok) return Db.Refused(parse.InvocationConfiguration.Error, file.Problem!);
            files.Commit();
            var f = file.Value!;
            parse.InvocationConfiguration.Output.WriteLine($"{f.Period}: {f.Members:N0} payments, {f.Total:N2} {f.Currency} ({(f.New ? "new batch" : f.Confirmed ? "confirmed batch, written again" : "the batch exported before, written again")})");
            return 0;
        });
        var confirm = new Command("confirm", "Post the payouts of the exported batch to the ledger and mark the period paid (once).");
        var (cdb, cperiod) = (Db.Option(), PeriodsCommands.PeriodOption());
        confirm.Options.Add(cdb);
        confirm.Options.Add(cperiod);
        var cby = ApprovalsCommands.ByOption(required: false);
        confirm.Options.Add(cby);
        confirm.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, cdb) is not { } database) return 1;
            var file = await new Payouts(database, TimeProvider.System).ConfirmAsync(parse.GetValue(cperiod)!, ct, approver: parse.GetValue(cby));
            if (!file.Ok) return Db.Refused(parse.InvocationConfiguration.Error, file.Problem!);
            parse.InvocationConfiguration.Output.WriteLine($"{file.Value!.Period}: {file.Value.Members:N0} payouts posted, {file.Value.Total:N2} {file.Value.Currency}; period paid");
            return 0;
        });
        group.Subcommands.Add(export);
        group.Subcommands.Add(confirm);
        return group;
    }
}
