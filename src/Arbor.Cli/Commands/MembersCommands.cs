using System.CommandLine;
using System.Globalization;
using Arbor.Core;
using Arbor.Core.Genealogy;
using Arbor.Core.Members;
using Arbor.Core.Periods;
using Arbor.Core.Placement;
using Arbor.Core.Setup;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor members …</c> (enroll, genealogy) and <c>arbor company setup</c>.</summary>
internal static class MembersCommands
{
    public static Command Company()
    {
        var group = new Command("company", "The company's settings.");
        var setup = new Command("setup", "Create or change the company: name, currency and placement tree (none, binary or matrix).");
        var db = Db.Option();
        var name = new Option<string>("--name") { Required = true, Description = "The company's name." };
        var currency = new Option<string>("--currency") { DefaultValueFactory = _ => "EUR", Description = "ISO currency code." };
        var placement = new Option<string>("--placement") { DefaultValueFactory = _ => "none", Description = "none, binary or matrix." };
        var binaryDefault = new Option<string>("--binary-default") { DefaultValueFactory = _ => "weaker_leg", Description = "extreme_left, extreme_right or weaker_leg." };
        var width = new Option<int>("--matrix-width") { DefaultValueFactory = _ => 3 };
        var depth = new Option<int>("--matrix-depth") { DefaultValueFactory = _ => 7 };
        var periodKind = new Option<string>("--period-kind") { DefaultValueFactory = _ => "month", Description = "Commission periods: month or week." };
        var minimum = new Option<decimal>("--minimum-payout") { DefaultValueFactory = _ => 20m, Description = "Balances below this are carried, not paid." };
        foreach (var o in new Option[] { db, name, currency, placement, binaryDefault, width, depth, periodKind, minimum }) setup.Options.Add(o);
        setup.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var settings = new CompanySettings(parse.GetValue(name)!, parse.GetValue(currency)!, parse.GetValue(placement)!, parse.GetValue(binaryDefault)!, parse.GetValue(width), parse.GetValue(depth),
                parse.GetValue(periodKind)!, parse.GetValue(minimum));
            var done = await new SetUpCompany(context).RunAsync(settings, ct);
            if (!done.Ok) return Db.Refused(parse.InvocationConfiguration.Error, done.Problem!);
            parse.InvocationConfiguration.Output.WriteLine($"company '{done.Value!.Name}' ({done.Value.Currency}, placement {done.Value.Placement})");
            return 0;
        });
        group.Subcommands.Add(setup);
        return group;
    }

    public static Command Members()
    {
        var group = new Command("members", "Enroll members and look at the genealogy.");
        group.Subcommands.Add(Enroll());
        group.Subcommands.Add(Upline());
        group.Subcommands.Add(Downline());
        group.Subcommands.Add(Levels());
        group.Subcommands.Add(Legs());
        group.Subcommands.Add(RankHistoryCommand());
        group.Subcommands.Add(BuyBackCommand());
        return group;
    }

    private static Command Enroll()
    {
        var command = new Command("enroll", "Enroll a member under a sponsor (and place it, when the plan has a placement tree).");
        var db = Db.Option();
        var handle = new Option<string>("--handle") { Required = true, Description = "The member's unique id." };
        var email = new Option<string>("--email") { Required = true };
        var name = new Option<string>("--name") { Required = true };
        var country = new Option<string>("--country") { Required = true, Description = "Two-letter ISO code." };
        var language = new Option<string>("--language") { DefaultValueFactory = _ => "en" };
        var joined = new Option<string?>("--joined") { Description = "Joining date (YYYY-MM-DD); default: today." };
        var sponsor = new Option<string?>("--sponsor") { Description = "The sponsor's handle; only the company's first member has none." };
        var placement = new Option<string?>("--placement") { Description = "extreme_left, extreme_right, weaker_leg, or PARENT:L / PARENT:R (binary, manual)." };
        foreach (var o in new Option[] { db, handle, email, name, country, language, joined, sponsor, placement }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var day = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().Date);
            if (parse.GetValue(joined) is { } text && !Db.TryDate(text, "--joined", error, out day)) return 1;
            if (ParsePlacement(parse.GetValue(placement)) is not { } request)
            {
                error.WriteLine($"--placement: '{parse.GetValue(placement)}' is not extreme_left, extreme_right, weaker_leg or PARENT:L / PARENT:R");
                return 1;
            }
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var enrollment = new Enrollment(parse.GetValue(handle)!, parse.GetValue(email)!, parse.GetValue(name)!, parse.GetValue(country)!,
                parse.GetValue(language)!, day, parse.GetValue(sponsor), request);
            var member = await new EnrollMember(context).RunAsync(enrollment, ct);
            if (!member.Ok) return Db.Refused(error, member.Problem!);
            parse.InvocationConfiguration.Output.WriteLine($"enrolled {member.Value!.Handle} (member {member.Value.Id}, level {member.Value.Depth})");
            return 0;
        });
        return command;
    }

    private static PlacementRequest? ParsePlacement(string? text) => text switch
    {
        null => PlacementRequest.Default,
        "extreme_left" => new PlacementRequest(BinaryPlacement.ExtremeLeft),
        "extreme_right" => new PlacementRequest(BinaryPlacement.ExtremeRight),
        "weaker_leg" => new PlacementRequest(BinaryPlacement.WeakerLeg),
        _ when text.EndsWith(":L", StringComparison.Ordinal) => PlacementRequest.Manual(text[..^2], 0),
        _ when text.EndsWith(":R", StringComparison.Ordinal) => PlacementRequest.Manual(text[..^2], 1),
        _ => null,
    };

    private static Command Upline()
    {
        var member = MemberOption();
        return Query("upline", "A member's sponsors, nearest first.", [member],
            (q, _, parse, ct) => q.UplineAsync(parse.GetValue(member)!, ct),
            (output, rows) =>
            {
                foreach (var m in rows) output.WriteLine($"{m.Level,4}  {m.Handle,-24} {m.Name,-28} {m.Status}");
            });
    }

    private static Command Downline()
    {
        var member = MemberOption();
        var depth = new Option<int>("--depth") { DefaultValueFactory = _ => 3, Description = "How many levels down." };
        var page = new Option<int>("--page") { DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--page-size") { DefaultValueFactory = _ => 50 };
        var period = AsOfOption();
        return Query("downline", "A page of a member's downline, level by level (today, or as it was at a period's close with its ranks and volumes).", [member, depth, page, size, period],
            async (q, asOf, parse, ct) =>
            {
                if (parse.GetValue(period) is not { } p)
                {
                    var today = await q.DownlineAsync(parse.GetValue(member)!, parse.GetValue(depth), parse.GetValue(page), parse.GetValue(size), ct);
                    return today.Ok ? Outcome<IReadOnlyList<string>>.Success([.. today.Value!.Select(m => $"{m.Level,4}  {m.Handle,-24} {m.Name,-28} {m.Status,-10} joined {m.JoinedOn:yyyy-MM-dd}")])
                        : Outcome<IReadOnlyList<string>>.Fail(today.Problem!);
                }
                var then = await asOf.DownlineAsync(parse.GetValue(member)!, p, Tree.Sponsor, parse.GetValue(depth), parse.GetValue(page), parse.GetValue(size), ct: ct);
                return then.Ok ? Outcome<IReadOnlyList<string>>.Success([.. then.Value!.Page.Select(m =>
                        $"{m.Level,4}  {m.Handle,-24} {m.Name,-28} {(m.Terminated ? "terminated" : m.Active ? "active" : "inactive"),-10} {m.Rank,-12} PV {m.Pv,10} GV {m.Gv,12}  sponsor {m.Sponsor}")])
                    : Outcome<IReadOnlyList<string>>.Fail(then.Problem!);
            },
            (output, lines) =>
            {
                foreach (var line in lines) output.WriteLine(line);
            });
    }

    private static Command Levels()
    {
        var member = MemberOption();
        var period = AsOfOption();
        return Query("levels", "How many members sit at each level of a member's downline (today, or as it was at a period's close).", [member, period],
            async (q, asOf, parse, ct) =>
            {
                if (parse.GetValue(period) is not { } p) return await q.CountsPerLevelAsync(parse.GetValue(member)!, ct);
                var then = await asOf.DownlineAsync(parse.GetValue(member)!, p, Tree.Sponsor, 1000, 1, 1, ct: ct);
                return then.Ok ? Outcome<IReadOnlyList<(int, int)>>.Success(then.Value!.Levels) : Outcome<IReadOnlyList<(int, int)>>.Fail(then.Problem!);
            },
            (output, levels) =>
            {
                foreach (var (level, count) in levels) output.WriteLine($"level {level,3}: {count,9:N0}");
            });
    }

    private static Command Legs()
    {
        var member = MemberOption();
        var from = new Option<string>("--from") { Required = true };
        var to = new Option<string>("--to") { Required = true };
        return Query("legs", "A member's frontline legs: size and PV in a date range.", [member, from, to],
            (q, _, parse, ct) =>
            {
                var error = new StringWriter();
                if (!Db.TryDate(parse.GetValue(from), "--from", error, out var first) | !Db.TryDate(parse.GetValue(to), "--to", error, out var last))
                {
                    return Task.FromResult(Outcome<IReadOnlyList<Leg>>.Fail("dates", error.ToString().Trim()));
                }
                return q.LegsAsync(parse.GetValue(member)!, first, last, ct);
            },
            (output, legs) =>
            {
                foreach (var leg in legs) output.WriteLine($"{leg.HeadHandle,-24} {leg.Members,9:N0} members  {leg.Pv,14} PV");
            });
    }

    private static Command RankHistoryCommand()
    {
        var command = new Command("ranks", "A member's paid-as and highest rank in every closed period, and when each rank was first reached.");
        var db = Db.Option();
        var member = MemberOption();
        command.Options.Add(db);
        command.Options.Add(member);
        command.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var ranks = await new RankHistory(context).ForMemberAsync(parse.GetValue(member)!, ct);
            if (!ranks.Ok) return Db.Refused(parse.InvocationConfiguration.Error, ranks.Problem!);
            var output = parse.InvocationConfiguration.Output;
            foreach (var (period, paidAs, highest) in ranks.Value!.Periods) output.WriteLine($"{period,-9} paid as {paidAs,-12} highest {highest}");
            foreach (var (rank, on) in ranks.Value.Reached) output.WriteLine($"reached {rank} on {on:yyyy-MM-dd}");
            return 0;
        });
        return command;
    }

    private static Command BuyBackCommand()
    {
        var command = new Command("buyback", "A leaving member's inventory bought back: its personal orders of the last 12 months returned for at least 90 % of what it paid, and the member terminated.");
        var db = Db.Option();
        var member = MemberOption();
        var date = new Option<string?>("--date") { Description = "The buyback's date (YYYY-MM-DD); default: today." };
        var percent = new Option<decimal>("--percent") { DefaultValueFactory = _ => BuyBackRule.MinimumPercent, Description = "The refund in percent of what was paid: 90 to 100." };
        var items = new Option<string[]>("--item") { Description = "ORDER:SKU:QTY to take back (repeat it); default: everything still returnable.", AllowMultipleArgumentsPerToken = true };
        var by = new Option<string>("--by") { DefaultValueFactory = _ => Environment.UserName, Description = "Who buys it back (the status change and the audit trail name them); default: the signed-in user." };
        var preview = new Option<bool>("--preview") { Description = "Only show what would be bought back and the refund; change nothing." };
        foreach (var o in new Option[] { db, member, date, percent, items, by, preview }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            var day = DateOnly.FromDateTime(TimeProvider.System.GetLocalNow().Date);
            if (parse.GetValue(date) is { } text && !Db.TryDate(text, "--date", error, out day)) return 1;
            var lines = new List<BuyBackLine>();
            foreach (var item in parse.GetValue(items) ?? [])
            {
                var parts = item.Split(':');
                if (parts.Length != 3 || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity))
                {
                    error.WriteLine($"--item: '{item}' is not ORDER:SKU:QTY");
                    return 1;
                }
                lines.Add(new BuyBackLine(parts[0], parts[1], quantity));
            }
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var handle = parse.GetValue(member)!;
            if (parse.GetValue(preview))
            {
                var shown = await new BuyBackQuery(context).PreviewAsync(handle, day, parse.GetValue(percent), ct);
                if (!shown.Ok) return Db.Refused(error, shown.Problem!);
                var p = shown.Value!;
                output.WriteLine($"{p.Handle} — {p.Name}: personal orders dated {p.WindowStart:yyyy-MM-dd} to {p.Date:yyyy-MM-dd} not yet returned");
                foreach (var i in p.Items)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {i.OrderNumber}:{i.Sku}:{i.Returnable}  {i.OrderDate:yyyy-MM-dd}  bought {i.Bought}, returned {i.Returned}, {i.UnitPrice:0.00} each  {i.Product}"));
                }
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paid {p.Paid:0.00}, refund {p.Refund:0.00} at {p.Percent} %"));
                return 0;
            }
            var done = await new BuyBack(context, TimeProvider.System).RunAsync(new BuyBackRequest(handle, day, parse.GetValue(by)!, parse.GetValue(percent), lines.Count == 0 ? null : lines), ct);
            if (!done.Ok) return Db.Refused(error, done.Problem!);
            var r = done.Value!;
            foreach (var o in r.Returns)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"return {o.Number} of {o.OriginalNumber}: PV {o.Pv}, CV {o.Cv}, refund {-o.Amount!.Value:0.00}"));
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"paid {r.Paid:0.00}, refund {r.Refund:0.00}; {r.Member.Handle} terminated from {r.Member.StatusSince:yyyy-MM-dd}"));
            return 0;
        });
        return command;
    }

    /// <summary>A genealogy query command: --db, its own options, the query, and how to print its rows.</summary>
    private static Command Query<T>(string name, string description, Option[] options,
        Func<GenealogyQueries, GenealogyAsOf, ParseResult, CancellationToken, Task<Outcome<T>>> query, Action<TextWriter, T> print)
    {
        var command = new Command(name, description);
        var db = Db.Option();
        command.Options.Add(db);
        foreach (var o in options) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var result = await query(new GenealogyQueries(context), new GenealogyAsOf(context), parse, ct);
            if (!result.Ok) return Db.Refused(parse.InvocationConfiguration.Error, result.Problem!);
            print(parse.InvocationConfiguration.Output, result.Value!);
            return 0;
        });
        return command;
    }

    private static Option<string?> AsOfOption() => new("--period") { Description = "A closed period (2026-10, 2026-W43): the genealogy as its close read it, whatever changed since." };

    private static Option<string> MemberOption() => new("--member") { Required = true, Description = "The member's handle." };
}
