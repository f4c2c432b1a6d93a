using System.CommandLine;
using Arbor.Core.Periods;
using Arbor.Engine;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor plans upload|list</c>: plan versions, each in force from a date.</summary>
internal static class PlansCommands
{
    public static Command Build()
    {
        var group = new Command("plans", "Plan versions: each takes effect from a date and is never edited.");
        var upload = new Command("upload", "Validate a plan file and store it as the version in force from a date.");
        var db = Db.Option();
        var plan = new Option<string>("--plan") { Required = true, Description = "The plan file (YAML)." };
        var from = new Option<string>("--from") { Required = true, Description = "The first day it is in force (YYYY-MM-DD)." };
        foreach (var o in new Option[] { db, plan, from }) upload.Options.Add(o);
        upload.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            if (!Db.TryDate(parse.GetValue(from), "--from", error, out var day)) return 1;
            if (Db.Open(parse, db) is not { } database) return 1;
            var path = parse.GetValue(plan)!;
            string yaml;
            try
            {
                yaml = await File.ReadAllTextAsync(path, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"{path}: cannot read the plan file: {e.Message}");
                return 1;
            }
            await using var context = database.CreateContext();
            try
            {
                var version = await new PlanVersions(context, TimeProvider.System).UploadAsync(yaml, path, day, ct);
                if (!version.Ok) return Db.Refused(error, version.Problem!);
                parse.InvocationConfiguration.Output.WriteLine($"plan '{version.Value!.Name}' in force from {day:yyyy-MM-dd}");
                return 0;
            }
            catch (InputException e)
            {
                return Db.InputErrors(error, e);
            }
        });
        var list = new Command("list", "The plan versions and when each takes effect.");
        var listDb = Db.Option();
        list.Options.Add(listDb);
        list.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, listDb) is not { } database) return 1;
            await using var context = database.CreateContext();
            foreach (var v in await new PlanVersions(context, TimeProvider.System).ListAsync(ct))
            {
                parse.InvocationConfiguration.Output.WriteLine($"from {v.EffectiveFrom:yyyy-MM-dd}  {v.Name}");
            }
            return 0;
        });
        group.Subcommands.Add(upload);
        group.Subcommands.Add(list);
        return group;
    }
}
