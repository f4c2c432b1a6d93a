using System.Data.Common;

namespace Arbor.Cli;

/// <summary>
/// What the command line says when a command fails in a way it did not expect: one line on
/// standard error and an exit status (sysexits.h), the stack trace only with ARBOR_DEBUG=1.
/// Files a command was writing are never left behind (<see cref="OutputFiles"/>), and every
/// database command stores all or nothing, so a line can say what was stored.
/// </summary>
internal static class Failures
{
    /// <summary>An output (<c>--out</c>) that cannot be written.</summary>
    public const int CannotWrite = 73;

    /// <summary>The database failed mid-command (connection lost, server stopped, disk full).</summary>
    public const int DatabaseFailed = 69;

    /// <summary>Reading or writing a file failed after it was opened.</summary>
    public const int InputOutput = 74;

    /// <summary>A bug: anything else.</summary>
    public const int Internal = 70;

    /// <summary>Interrupted (Ctrl+C, SIGTERM).</summary>
    public const int Cancelled = 130;

    public static int Report(Exception e, TextWriter error, bool debug)
    {
        while (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerException!;
        var stored = "nothing was stored";
        if (e is PartlyStoredException partly)
        {
            stored = partly.Stored;
            e = partly.InnerException!;
        }
        var (code, line) = e switch
        {
            OutputException o => (CannotWrite, $"arbor: cannot write {o.Path}: {o.Reason}; nothing was written"),
            OperationCanceledException => (Cancelled, $"arbor: cancelled; {stored}"),
            _ when Database(e) is { } db => (DatabaseFailed, $"arbor: the database failed: {Describe(db)}; {stored}"),
            IOException or UnauthorizedAccessException => (InputOutput, $"arbor: {e.Message}; nothing was written"),
            _ => (Internal, $"arbor: internal error: {e.Message}; run with {Cli.DebugVariable}=1 for details"),
        };
        error.WriteLine(line);
        if (debug) error.WriteLine(e.ToString());
        return code;
    }

    /// <summary>The database's own exception inside <paramref name="e"/> (EF Core wraps it), or null.</summary>
    public static DbException? Database(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is DbException db) return db;
        }
        return null;
    }

    private static string Describe(DbException e)
    {
        // A connection cut mid-command (server stopped, backend terminated) surfaces as a read error beneath the provider's.
        var lost = e.InnerException is IOException or EndOfStreamException or System.Net.Sockets.SocketException;
        return lost ? $"the connection was lost ({e.Message})" : e.Message;
    }
}

/// <summary>A failure of a command that commits in steps (autoship run): says what the steps before it stored, where others store nothing.</summary>
internal sealed class PartlyStoredException(string stored, Exception inner) : Exception(inner.Message, inner)
{
    public string Stored { get; } = stored;
}
