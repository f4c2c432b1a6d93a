using System.CommandLine;
using Arbor.Cli.Commands;

namespace Arbor.Cli;

/// <summary>The command tree: one file per command group under Commands/.</summary>
public static class Cli
{
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
        root.Subcommands.Add(PeriodsCommands.Plans());
        root.Subcommands.Add(PeriodsCommands.Periods());
        root.Subcommands.Add(PeriodsCommands.Payouts());
        root.Subcommands.Add(PeriodsCommands.Ledger());
        root.Subcommands.Add(PeriodsCommands.Statement());
        return root;
    }
}
