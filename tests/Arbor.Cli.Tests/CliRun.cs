using System.CommandLine;

namespace Arbor.Cli.Tests;

/// <summary>The command line run in-process: exit code, standard output and standard error (line ends as <c>\n</c>).</summary>
internal static class CliRun
{
    public static (int Code, string Output, string Error) Invoke(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Cli.Run(args, new InvocationConfiguration { Output = output, Error = error });
        return (code, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }
}
