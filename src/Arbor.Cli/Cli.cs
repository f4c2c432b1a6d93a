using System.CommandLine;
using Arbor.Cli.Commands;

namespace Arbor.Cli;

/// <summary>The command tree: one file per command group under Commands/.</summary>
public static class Cli
{
    /// <summary>Set to 1 to see the stack trace of a failure (<see cref="Failures"/>).</summary>
    public const string DebugVariable = "ARBOR_DEBUG";

    /// <summary>
    /// Parses and runs one command line. Failures no command expected (a database gone, a bug)
    /// end here as one line and an exit status, never as a stack trace (<see cref="Failures"/>).
    /// </summary>
    public static int Run(string[] args, InvocationConfiguration? invocation = null, bool? debug = null)
    {
        invocation ??= new InvocationConfiguration();
        invocation.EnableDefaultExceptionHandler = false;
        try
        {
            return Build().Parse(args, Parser()).Invoke(invocation);
        }
        catch (Exception e)
        {
            return Failures.Report(e, invocation.Error, debug ?? Environment.GetEnvironmentVariable(DebugVariable) == "1");
        }
    }

    /// <summary>Response files are off: a value starting with <c>@</c> (<c>--member @x</c>) is taken as it is, not read from a file.</summary>
    public static ParserConfiguration Parser() => new() { ResponseFileTokenReplacer = null };

    public static RootCommand Build()
    {
        var root = new RootCommand("Arbor: compensation, genealogy and compliance for direct-selling companies.");
        root.Subcommands.Add(CommissionsCommands.Build());
        root.Subcommands.Add(MembersCommands.Members());
        root.Subcommands.Add(MembersCommands.Company());
        root.Subcommands.Add(TransferCommands.Import());
        root.Subcommands.Add(TransferCommands.Export());
        root.Subcommands.Add(OperationsCommands.Autoship());
        root.Subcommands.Add(OperationsCommands.Demo());
        root.Subcommands.Add(PlansCommands.Build());
        root.Subcommands.Add(PeriodsCommands.Build());
        root.Subcommands.Add(PayoutsCommands.Build());
        root.Subcommands.Add(LedgerCommands.Build());
        root.Subcommands.Add(StatementCommands.Build());
        root.Subcommands.Add(ComplianceCommands.Build());
        root.Subcommands.Add(TokensCommands.Build());
        root.Subcommands.Add(StaffCommands.Build());
        root.Subcommands.Add(ApprovalsCommands.Build());
        root.Subcommands.Add(SimulateCommand.Build());
        root.Subcommands.Add(ServeCommands.Build());
        return root;
    }
}
