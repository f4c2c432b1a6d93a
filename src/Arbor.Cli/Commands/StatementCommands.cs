using System.CommandLine;
using Arbor.Core.Statements;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor statement</c>: a member's printable commission statement.</summary>
internal static class StatementCommands
{
    public static Command Build()
    {
        var command = new Command("statement", "A member's printable commission statement (HTML) for a closed period.");
        var (db, period) = (Db.Option(), PeriodsCommands.PeriodOption());
        var member = new Option<string>("--member") { Required = true };
        var output = new Option<string>("--out") { Required = true, Description = "The HTML file to write." };
        foreach (var o in new Option[] { db, member, period, output }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(output)!;
            using var file = OutputFiles.ForFile(path);
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var html = await new CommissionStatement(context).HtmlAsync(parse.GetValue(member)!, parse.GetValue(period)!, ct);
            if (!html.Ok) return Db.Refused(parse.InvocationConfiguration.Error, html.Problem!);
            await File.WriteAllTextAsync(file.Staging, html.Value!, ct);
            file.Commit();
            parse.InvocationConfiguration.Output.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }
}
