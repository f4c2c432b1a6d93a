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
        root.Subcommands.Add(PlansCommands.Build());
        root.Subcommands.Add(PeriodsCommands.Build());
        root.Subcommands.Add(PayoutsCommands.Build());
        root.Subcommands.Add(LedgerCommands.Build());
        root.Subcommands.Add(StatementCommands.Build());
        return root;
    }
}
