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
        return root;
    }
}
