using System.CommandLine;
using Arbor.Core;
using Arbor.Web;
using Arbor.Web.Security;
using Microsoft.Extensions.DependencyInjection;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor staff add|list|role|lock|unlock</c>: the back office's sign-ins and their roles (how a company gets its first admin).</summary>
internal static class StaffCommands
{
    public static Command Build()
    {
        var group = new Command("staff", $"Staff sign-ins of the back office and their roles: {string.Join(", ", Roles.StaffNames)} (docs/roles.md).");

        var add = new Command("add", "Add a staff sign-in with a role; its password is read from the first line of standard input.");
        var (adb, user, role, by) = (Db.Option(), UserOption(), RoleOption(), ByOption());
        foreach (var o in new Option[] { adb, user, role, by }) add.Options.Add(o);
        add.SetAction(async (parse, ct) =>
        {
            var password = Console.In.ReadLine() ?? "";
            return await WithStaffAsync(parse, adb, async staff =>
                Report(parse, await staff.AddAsync(parse.GetValue(by)!, parse.GetValue(user)!, password, parse.GetValue(role)!, ct), a => $"{a.UserName} can sign in as {a.Role}"));
        });

        var list = new Command("list", "Every staff sign-in with its role and whether it is locked.");
        var ldb = Db.Option();
        list.Options.Add(ldb);
        list.SetAction(async (parse, ct) => await WithStaffAsync(parse, ldb, async staff =>
        {
            var output = parse.InvocationConfiguration.Output;
            var accounts = await staff.ListAsync();
            if (accounts.Count == 0) output.WriteLine("no staff sign-ins: add the first admin with 'arbor staff add --user NAME --role admin --by NAME'");
            foreach (var a in accounts) output.WriteLine($"{a.UserName,-24} {a.Role,-10} {(a.Locked ? "locked" : "active")}");
            return 0;
        }));

        var setRole = new Command("role", "Give a staff sign-in another role (its open sessions end).");
        var (rdb, ruser, rrole, rby) = (Db.Option(), UserOption(), RoleOption(), ByOption());
        foreach (var o in new Option[] { rdb, ruser, rrole, rby }) setRole.Options.Add(o);
        setRole.SetAction(async (parse, ct) => await WithStaffAsync(parse, rdb, async staff =>
            Report(parse, await staff.SetRoleAsync(parse.GetValue(rby)!, parse.GetValue(ruser)!, parse.GetValue(rrole)!, ct), a => $"{a.UserName} is now {a.Role}")));

        group.Subcommands.Add(add);
        group.Subcommands.Add(list);
        group.Subcommands.Add(setRole);
        foreach (var locked in new[] { true, false })
        {
            var command = new Command(locked ? "lock" : "unlock", locked ? "Stop a staff sign-in from signing in (its open sessions end)." : "Let a locked staff sign-in sign in again.");
            var (kdb, kuser, kby) = (Db.Option(), UserOption(), ByOption());
            foreach (var o in new Option[] { kdb, kuser, kby }) command.Options.Add(o);
            command.SetAction(async (parse, ct) => await WithStaffAsync(parse, kdb, async staff =>
                Report(parse, await staff.SetLockedAsync(parse.GetValue(kby)!, parse.GetValue(kuser)!, locked, ct), a => $"{a.UserName} is {(a.Locked ? "locked" : "active")}")));
            group.Subcommands.Add(command);
        }
        return group;
    }

    private static Option<string> UserOption() => new("--user") { Required = true, Description = "The sign-in's user name." };

    private static Option<string> RoleOption() => new("--role") { Required = true, Description = $"One of {string.Join(", ", Roles.StaffNames)}." };

    private static Option<string> ByOption() => new("--by") { Required = true, Description = "Who makes the change (the audit trail)." };

    /// <summary>Runs <paramref name="action"/> with the web app's sign-in services over the company's database (the app is built, not started).</summary>
    private static async Task<int> WithStaffAsync(ParseResult parse, Option<string?> db, Func<StaffAccounts, Task<int>> action)
    {
        if (Db.Open(parse, db) is not { } database) return 1;
        await using var app = WebApp.Build(new WebOptions(database, ["http://127.0.0.1:0"]));
        using var scope = app.Services.CreateScope();
        return await action(scope.ServiceProvider.GetRequiredService<StaffAccounts>());
    }

    private static int Report(ParseResult parse, Outcome<StaffAccount> outcome, Func<StaffAccount, string> done)
    {
        if (!outcome.Ok) return Db.Refused(parse.InvocationConfiguration.Error, outcome.Problem!);
        parse.InvocationConfiguration.Output.WriteLine(done(outcome.Value!));
        return 0;
    }
}
