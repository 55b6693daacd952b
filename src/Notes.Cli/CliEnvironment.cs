using Notes.FileSystem;
using Spectre.Console;

namespace Notes.Cli;

/// <summary>
/// Where a command writes and what it may assume about the terminal. Injected so tests run commands in-process
/// with captured writers; <see cref="FromSystemConsole"/> is the real one.
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>Standard output, for machine formats (JSON, SARIF, DOT, annotations).</summary>
    public required TextWriter Out { get; init; }
    /// <summary>Standard error, for one-line errors and warnings.</summary>
    public required TextWriter Error { get; init; }
    /// <summary>Styled standard output for human text: coloured on a terminal, plain when piped.</summary>
    public required IAnsiConsole Console { get; init; }
    /// <summary>The console a progress bar is drawn on, or null when output is piped (no progress then).</summary>
    public IAnsiConsole? ProgressConsole { get; init; }
    /// <summary>Relative folders and displayed paths are taken from here.</summary>
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();
    /// <summary>A vault with at least this many notes shows a progress bar (on a terminal).</summary>
    public int ProgressThreshold { get; init; } = 500;
    /// <summary>Reads one note; a seam for tests to simulate unreadable files.</summary>
    internal Func<string, string, ScanOptions, Action<string>, ScannedFile?> ReadNote { get; init; } = VaultScanner.ReadNote;

    /// <summary>The process's console: colour and progress only when the stream is not redirected.</summary>
    public static CliEnvironment FromSystemConsole()
    {
        bool outTerminal = !System.Console.IsOutputRedirected;
        bool errTerminal = !System.Console.IsErrorRedirected;
        return new CliEnvironment
        {
            Out = System.Console.Out,
            Error = System.Console.Error,
            Console = CreateConsole(System.Console.Out, outTerminal),
            ProgressConsole = outTerminal && errTerminal ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(System.Console.Error) }) : null,
        };
    }

    /// <summary>An environment writing to the given writers, as a terminal (ANSI colours) or as a pipe (plain text).</summary>
    public static CliEnvironment Capture(TextWriter output, TextWriter error, bool terminal = false, string? currentDirectory = null) => new()
    {
        Out = output,
        Error = error,
        Console = CreateConsole(output, terminal),
        CurrentDirectory = currentDirectory ?? Directory.GetCurrentDirectory(),
    };

    private static IAnsiConsole CreateConsole(TextWriter writer, bool terminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
        // Never wrap: a long message stays on its line so tools (and grep) see one problem per line.
        console.Profile.Width = 4096;
        return console;
    }
}
