namespace Notes.Cli;

/// <summary>The process exit codes every command uses.</summary>
public static class ExitCodes
{
    /// <summary>Done; nothing at or above the failing severity.</summary>
    public const int Ok = 0;
    /// <summary>Problems at or above <c>--fail-on</c> were found.</summary>
    public const int Problems = 1;
    /// <summary>A usage error, a missing folder, an unreadable file or bad configuration.</summary>
    public const int UsageOrIo = 2;
}
