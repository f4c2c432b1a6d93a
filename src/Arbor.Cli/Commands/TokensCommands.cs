using System.CommandLine;
using System.Globalization;
using Arbor.Core.Api;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor tokens create|list|revoke</c>: the REST API's personal access tokens.</summary>
internal static class TokensCommands
{
    public static Command Build()
    {
        var group = new Command("tokens", "Personal access tokens of the REST API (/api/v1): created by an admin, stored hashed, shown once.");

        var create = new Command("create", "Create a token and print its secret (shown this once: keep it in the calling system's secret store).");
        var cdb = Db.Option();
        var name = new Option<string>("--name") { Required = true, Description = "What uses the token (\"warehouse\", \"shop\")." };
        var scope = new Option<string>("--scope") { DefaultValueFactory = _ => "read", Description = "read (GET only) or write (also creates and changes)." };
        var by = new Option<string>("--by") { Required = true, Description = "Who creates it (the audit trail)." };
        foreach (var o in new Option[] { cdb, name, scope, by }) create.Options.Add(o);
        create.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, cdb) is not { } database) return 1;
            await using var context = database.CreateContext();
            var made = await new AccessTokens(context, TimeProvider.System).CreateAsync(parse.GetValue(name)!, parse.GetValue(scope)!, parse.GetValue(by)!, ct);
            if (!made.Ok) return Db.Refused(parse.InvocationConfiguration.Error, made.Problem!);
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine($"token {made.Value!.Token.Id} ({made.Value.Token.Name}, {made.Value.Token.Scope}):");
            output.WriteLine(made.Value.Secret);
            output.WriteLine("Send it as 'Authorization: Bearer <token>'. It is not stored and cannot be shown again.");
            return 0;
        });

        var list = new Command("list", "Every token, newest first: id, name, scope, the secret's start, who created and who revoked it.");
        var ldb = Db.Option();
        list.Options.Add(ldb);
        list.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, ldb) is not { } database) return 1;
            await using var context = database.CreateContext();
            var output = parse.InvocationConfiguration.Output;
            var tokens = await new AccessTokens(context, TimeProvider.System).ListAsync(ct);
            if (tokens.Count == 0) output.WriteLine("no tokens");
            foreach (var t in tokens)
            {
                var state = t.RevokedAt is { } at ? $"revoked {at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} by {t.RevokedBy}" : "live";
                output.WriteLine($"{t.Id,5}  {t.Name,-24} {t.Scope,-5}  {t.Hint}…  created {t.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} by {t.CreatedBy}  {state}");
            }
            return 0;
        });

        var revoke = new Command("revoke", "Revoke a token: from the next request on, on every server, it is refused.");
        var rdb = Db.Option();
        var id = new Option<long>("--id") { Required = true };
        var rby = new Option<string>("--by") { Required = true, Description = "Who revokes it (the audit trail)." };
        foreach (var o in new Option[] { rdb, id, rby }) revoke.Options.Add(o);
        revoke.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, rdb) is not { } database) return 1;
            await using var context = database.CreateContext();
            var done = await new AccessTokens(context, TimeProvider.System).RevokeAsync(parse.GetValue(id), parse.GetValue(rby)!, ct);
            if (!done.Ok) return Db.Refused(parse.InvocationConfiguration.Error, done.Problem!);
            parse.InvocationConfiguration.Output.WriteLine($"token {done.Value!.Id} ({done.Value.Name}) revoked");
            return 0;
        });

        group.Subcommands.Add(create);
        group.Subcommands.Add(list);
        group.Subcommands.Add(revoke);
        return group;
    }
}
