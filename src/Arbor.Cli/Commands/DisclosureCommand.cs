using System.CommandLine;
using System.Globalization;
using Arbor.Core.Compliance;

namespace Arbor.Cli.Commands;

/// <summary><c>arbor compliance disclosure</c>: the income disclosure statement of a year, as printable HTML and CSV.</summary>
internal static class DisclosureCommand
{
    internal static Command Build()
    {
        var command = new Command("disclosure", "The income disclosure statement of a calendar year: every participant, zero earners included, per highest rank reached; gross, not annualised. Writes income-disclosure-YEAR.html and .csv.");
        var db = Db.Option();
        var year = new Option<int>("--year") { Required = true, Description = "The calendar year (the closed periods that end in it)." };
        var output = new Option<string>("--out") { Required = true, Description = "The folder to write both files into (all or nothing)." };
        foreach (var o in new Option[] { db, year, output }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            var y = parse.GetValue(year);
            var (html, csv) = (FileName(y, "html"), FileName(y, "csv"));
            using var files = OutputFiles.ForFolder(parse.GetValue(output)!, html, csv);
            if (Db.Open(parse, db) is not { } database) return 1;
            await using var context = database.CreateContext();
            var disclosure = await new IncomeDisclosureQuery(context).ForYearAsync(y, ct);
            if (!disclosure.Ok) return Db.Refused(parse.InvocationConfiguration.Error, disclosure.Problem!);
            var d = disclosure.Value!;
            await File.WriteAllTextAsync(Path.Combine(files.Staging, html), DisclosureHtml.Render(d), ct);
            await File.WriteAllTextAsync(Path.Combine(files.Staging, csv), DisclosureCsv.Render(d), ct);
            files.Commit();
            var (o, f, t) = (parse.InvocationConfiguration.Output, new DisclosureFormat(CultureInfo.InvariantCulture), d.Totals);
            o.WriteLine($"{y}: {f.Count(t.Members)} participants, {d.Periods.Count} closed period{(d.Periods.Count == 1 ? "" : "s")}; median earnings {f.Money(t.Distribution?.Median, "-")}, mean {f.Money(t.Distribution?.Mean, "-")} {d.Currency}; {f.Percent(t.ShareEarnedNothing)} earned nothing");
            if (d.OpenPeriods.Count > 0) o.WriteLine($"  not closed, so not included: {string.Join(", ", d.OpenPeriods)}");
            o.WriteLine($"wrote {Path.Combine(parse.GetValue(output)!, html)} and {csv}");
            return 0;
        });
        return command;
    }

    internal static string FileName(int year, string extension) => string.Create(CultureInfo.InvariantCulture, $"income-disclosure-{year}.{extension}");
}
