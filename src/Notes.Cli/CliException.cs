namespace Notes.Cli;

/// <summary>A usage or IO error: printed as one line per message to standard error, exit code 2.</summary>
public sealed class CliException(params string[] messages) : Exception(string.Join(Environment.NewLine, messages))
{
    /// <summary>Each message is printed on its own line.</summary>
    public IReadOnlyList<string> Messages { get; } = messages;
}
