using System.CommandLine;
using System.Globalization;
using Arbor.Core;
using Arbor.Data;
using Arbor.Engine;

namespace Arbor.Cli.Commands;

/// <summary>The <c>--db</c> option every database command takes, and the start-up every such command shares.</summary>
internal static class Db
{
    public static Option<string?> Option() => new("--db")
    {
        Description = $"The database: sqlite:FILE or a PostgreSQL connection string. Default: ${ArborDatabase.EnvironmentVariable}, else {ArborDatabase.Default}.",
    };

    /// <summary>Resolves the database and brings its schema up to date; null (with the reason printed) when it cannot.</summary>
    public static ArborDatabase? Open(ParseResult parse, Option<string?> option)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            var database = ArborDatabase.Resolve(parse.GetValue(option));
            Migrator.Migrate(database);
            return database;
        }
        catch (ArgumentException e)
        {
            error.WriteLine(e.Message);
        }
        catch (System.Data.Common.DbException e)
        {
            error.WriteLine($"cannot open the database: {e.Message}");
        }
        return null;
    }

    public static bool TryDate(string? text, string option, TextWriter error, out DateOnly date)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)) return true;
        error.WriteLine($"{option}: '{text}' is not a date (expected YYYY-MM-DD)");
        return false;
    }

    /// <summary>Prints a refused use case; returns the exit code.</summary>
    public static int Refused(TextWriter error, Problem problem)
    {
        error.WriteLine($"{problem.Where}: {problem.Message}");
        return 1;
    }

    public static int InputErrors(TextWriter error, InputException e)
    {
        foreach (var problem in e.Errors) error.WriteLine(problem.ToString());
        return 1;
    }

    /// <summary>Progress for long runs, on standard error so that output files and pipes stay clean.</summary>
    public static IProgress<string> Progress(TextWriter error) => new SynchronousProgress(line => error.WriteLine($"  {line}"));

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
