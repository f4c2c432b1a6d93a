using System.CommandLine;
using System.Globalization;
using Arbor.Core.Compliance;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor compliance …</c>: the company scorecard, one member's indicators, the thresholds, the income disclosure statement (docs/compliance.md).</summary>
internal static class ComplianceCommands
{
    public static Command Build()
    {
        var group = new Command("compliance", "Pyramid-risk indicators from the stored orders and payout lines: the company scorecard, a member's indicators, their thresholds, the income disclosure statement.");
        // The group's subcommands, all in one place.
        Command[] subcommands = [Scorecard(), Member(), Behind(), Settings(), DisclosureCommand.Build()];
        foreach (var command in subcommands) group.Subcommands.Add(command);
        return group;
    }

    private static string Show(decimal? value, string unit) => value switch
    {
        null => "n/a",
        { } v when unit == "share" => MemberIndicators.Percent(v),
        { } v when unit == "money" => v.ToString("N2", CultureInfo.InvariantCulture),
        { } v when unit == "ratio" => v.ToString("0.0000", CultureInfo.InvariantCulture),
        { } v => v.ToString("#,0.####", CultureInfo.InvariantCulture),
    };

    private static string Mark(Verdict v) => v switch
    {
        Verdict.Green => "GREEN",
        Verdict.Amber => "AMBER",
        Verdict.Red => "RED",
        Verdict.NotApplicable => "n/a",
    };

    private static string Mark(IndicatorResult r) => r switch
    {
        IndicatorResult.Pass => "pass",
        IndicatorResult.Fail => "FAIL",
        IndicatorResult.NotApplicable => "n/a",
    };

    private static Command Scorecard()
    {
        var command = new Command("scorecard", "The company scorecard of a closed period: each figure, its verdict and the rule it comes from; with --trend, the figures over the last N closed periods.");
        var (db, period) = (Db.Option(), PeriodsCommands.PeriodOption());
        var trend = new Option<int?>("--trend") { Description = "Also print the figures over the last N closed periods ending with --period." };
        foreach (var o in new Option[] { db, period, trend }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var queries = new ComplianceQueries(context);
            var card = await queries.ScorecardAsync(parse.GetValue(period)!, ct);
            if (!card.Ok) return Db.Refused(error, card.Problem!);
            var r = card.Value!;
            var m = r.Money;
            output.WriteLine($"Scorecard {r.Period} ({r.From:yyyy-MM-dd} to {r.To:yyyy-MM-dd}): {r.Participants:N0} participants, CV {r.TotalCv.ToString("N2", CultureInfo.InvariantCulture)}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {m.Lines:N0} payout lines: rewards {m.Rewards:N2} (retail-based {m.RetailBasedRewards:N2}, recruiting-tied {m.RecruitingTied:N2}), retail profit {m.RetailProfit:N2}, all earnings {m.Earnings:N2}"));
            output.WriteLine();
            foreach (var f in r.Figures)
            {
                output.WriteLine($"  {Mark(f.Verdict),-5}  {f.Name,-36} {Show(f.Value, f.Unit),10}   {f.Bands.Describe(f.Unit)}");
                output.WriteLine($"         {f.Source}");
            }
            output.WriteLine();
            output.WriteLine("  Ranks: " + string.Join(", ", r.Ranks.Select(x => $"{x.Rank} {x.Members:N0} ({MemberIndicators.Percent(x.Share)})")));
            output.WriteLine("  Member indicators (failing / applicable):");
            foreach (var i in r.MemberIndicators) output.WriteLine($"    {i.Name,-50} {i.Failing,7:N0} / {i.Applicable:N0}   (compliance behind --figure {i.Key})");
            if (parse.GetValue(trend) is { } n)
            {
                var t = await queries.TrendAsync(parse.GetValue(period)!, n, ct);
                if (!t.Ok) return Db.Refused(error, t.Problem!);
                output.WriteLine();
                output.WriteLine($"  {"Trend",-36} " + string.Join(" ", t.Value!.Periods.Select(p => $"{p,9}")));
                foreach (var s in t.Value.Series) output.WriteLine($"  {s.Name,-36} " + string.Join(" ", s.Values.Select(v => $"{Show(v, s.Unit),9}")));
            }
            return 0;
        });
        return command;
    }

    private static Command Member()
    {
        var command = new Command("member", "One member's indicators in a closed period: value, threshold, pass or fail, and why.");
        var (db, period) = (Db.Option(), PeriodsCommands.PeriodOption());
        var member = new Option<string>("--member") { Required = true, Description = "The member's handle." };
        foreach (var o in new Option[] { db, member, period }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var report = await new ComplianceQueries(context).MemberAsync(parse.GetValue(member)!, parse.GetValue(period)!, ct);
            if (!report.Ok) return Db.Refused(error, report.Problem!);
            var r = report.Value!;
            var f = r.Figures;
            output.WriteLine($"{f.Handle} ({f.Name}) in {r.Period}: rank {f.Rank ?? "-"}, {(f.Participant ? "participant" : "not a participant")}");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  PV retail {f.Pv.Retail:#,0.####}, personal {f.Pv.Personal:#,0.####}; group retail {f.GroupPv.Retail:#,0.####}, personal {f.GroupPv.Personal:#,0.####}; {f.RetailCustomers} customers"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  earnings {f.Earnings:N2} (rewards {f.Rewards:N2}, retail profit {f.RetailProfit:N2}, recruiting-tied {f.RecruitingTied:N2}); own purchases {f.Purchases:N2}"));
            foreach (var i in r.Indicators) output.WriteLine($"  {Mark(i.Result),-4}  {i.Name,-50} {i.Why}");
            return 0;
        });
        return command;
    }

    private static Command Behind()
    {
        var command = new Command("behind", "The members behind a scorecard figure (or failing a member indicator) in a closed period.");
        var (db, period) = (Db.Option(), PeriodsCommands.PeriodOption());
        var figure = new Option<string>("--figure") { Required = true, Description = "A figure's key: " + string.Join(", ", Core.Compliance.Scorecard.Keys.Concat(MemberIndicators.Keys)) + "." };
        var limit = new Option<int>("--limit") { DefaultValueFactory = _ => 20, Description = "Print at most this many members." };
        foreach (var o in new Option[] { db, period, figure, limit }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var behind = await new ComplianceQueries(context).MembersBehindAsync(parse.GetValue(period)!, parse.GetValue(figure)!, ct);
            if (!behind.Ok) return Db.Refused(error, behind.Problem!);
            var b = behind.Value!;
            output.WriteLine($"{b.Name} in {b.Period}: {b.Members.Count:N0} members");
            foreach (var m in b.Members.Take(parse.GetValue(limit))) output.WriteLine($"  {m.Handle,-12} {m.Name,-28} {Show(m.Value, b.Unit),12}  {m.Detail}");
            if (b.Members.Count > parse.GetValue(limit)) output.WriteLine($"  … {b.Members.Count - parse.GetValue(limit):N0} more (--limit)");
            return 0;
        });
        return command;
    }

    private static Command Settings()
    {
        var command = new Command("settings", "Show the indicators' thresholds, or change those given (shares in percent, volumes in PV).");
        var db = Db.Option();
        var ownUse = new Option<decimal?>("--own-use-pv") { Description = "Plausible own use per period (PV)." };
        var retail = new Option<decimal?>("--min-retail-share") { Description = "Retail share at or above this passes (percent)." };
        var nonParticipant = new Option<decimal?>("--min-non-participant") { Description = "The Vemma share: more than this passes (percent)." };
        var resold = new Option<decimal?>("--min-resold") { Description = "The 70 % rule's share (percent)." };
        var customers = new Option<int?>("--min-customers") { Description = "The ten-customer rule's count." };
        var factor = new Option<decimal?>("--loading-factor") { Description = "Own purchases above factor × (retail PV + own use) are loading." };
        var firstOrder = new Option<decimal?>("--first-order-max-pv") { Description = "A first own order above this PV is loading." };
        var recruiting = new Option<decimal?>("--max-recruiting") { Description = "Recruiting-tied share of earnings at most this passes (percent)." };
        var retention = new Option<int?>("--retention-months") { Description = "The scorecard's retention window (months)." };
        foreach (var o in new Option[] { db, ownUse, retail, nonParticipant, resold, customers, factor, firstOrder, recruiting, retention }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var (output, error) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var store = new ComplianceSettingsStore(context);
            var s = await store.GetAsync(ct);
            var changed = s with
            {
                OwnUsePv = parse.GetValue(ownUse) ?? s.OwnUsePv,
                MinRetailSharePercent = parse.GetValue(retail) ?? s.MinRetailSharePercent,
                MinNonParticipantPercent = parse.GetValue(nonParticipant) ?? s.MinNonParticipantPercent,
                MinResoldPercent = parse.GetValue(resold) ?? s.MinResoldPercent,
                MinRetailCustomers = parse.GetValue(customers) ?? s.MinRetailCustomers,
                LoadingFactor = parse.GetValue(factor) ?? s.LoadingFactor,
                FirstOrderMaxPv = parse.GetValue(firstOrder) ?? s.FirstOrderMaxPv,
                MaxRecruitingPercent = parse.GetValue(recruiting) ?? s.MaxRecruitingPercent,
                RetentionMonths = parse.GetValue(retention) ?? s.RetentionMonths,
            };
            if (changed != s)
            {
                var done = await store.ChangeAsync(changed, ct);
                if (!done.Ok) return Db.Refused(error, done.Problem!);
                s = done.Value!;
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"own use {s.OwnUsePv:0.####} PV per period"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"retail share at least {s.MinRetailSharePercent:0.####} %"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bought by non-participants (member and downline) more than {s.MinNonParticipantPercent:0.####} %"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"resold or consumed at least {s.MinResoldPercent:0.####} % (70 % rule)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"retail customers at least {s.MinRetailCustomers} (ten-customer rule)"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"inventory loading: own purchases above {s.LoadingFactor:0.####} × (retail PV + own use); first order above {s.FirstOrderMaxPv:0.####} PV"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recruiting-tied share of earnings at most {s.MaxRecruitingPercent:0.####} %"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"retention window {s.RetentionMonths} months"));
            return 0;
        });
        return command;
    }
}
