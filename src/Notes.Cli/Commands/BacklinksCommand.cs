using System.CommandLine;

namespace Notes.Cli.Commands;

/// <summary>stub</summary>
public static class BacklinksCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env) => new("backlinks");
}
