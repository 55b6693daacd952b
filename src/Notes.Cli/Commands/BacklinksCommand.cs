using System.CommandLine;
using Notes.Core.Features;
using Notes.Core.Index;
using Spectre.Console;

namespace Notes.Cli.Commands;

/// <summary><c>notes backlinks NOTE</c>: the notes linking to a note, with the linking line; <c>--depth</c> for links of links.</summary>
public static class BacklinksCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var note = new Argument<string>("NOTE") { Description = "A note path, or a name resolved like [[NOTE]]" };
        var dir = new Option<string>("--dir") { Description = "The vault folder [default: the current folder]", DefaultValueFactory = _ => ".", HelpName = "DIR" };
        var depth = CommonOptions.Depth("Also list the notes linking to those, this many levels deep");
        var exclude = CommonOptions.Exclude();
        var command = new Command("backlinks", "List the notes that link to a note, with the linking line as context") { note, dir, depth, exclude };
        command.SetAction((parse, ct) => Task.FromResult(Run(env, parse.GetValue(note)!, parse.GetValue(dir)!, parse.GetValue(depth), parse.GetValue(exclude) ?? [], ct)));
        return command;
    }

    /// <summary>One linking note found at <see cref="Level"/> (1 = links directly), through <see cref="Via"/>.</summary>
    public sealed record Backlink(NoteDocument Note, NoteDocument Via, int Level, NoteCall Call);

    /// <summary>Breadth first: every note within <paramref name="depth"/> levels of incoming links, each once, nearest first.</summary>
    public static List<Backlink> Collect(WorkspaceSnapshot ws, NoteDocument target, int depth, CancellationToken ct = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { target.Path };
        var found = new List<Backlink>();
        var frontier = new List<NoteDocument> { target };
        for (int level = 1; level <= depth && frontier.Count > 0; level++)
        {
            var next = new List<NoteDocument>();
            foreach (var n in frontier)
                foreach (var call in LinkGraph.Incoming(ws, n, ct))
                    if (seen.Add(call.Note.Path))
                    {
                        found.Add(new Backlink(call.Note, n, level, call));
                        next.Add(call.Note);
                    }
            frontier = next;
        }
        return found;
    }

    /// <summary>Prints the backlinks as a tree: <c>path:line:col  context</c>, links of links indented under the note they link to.</summary>
    public static int Run(CliEnvironment env, string noteName, string dir, int depth, string[] exclude, CancellationToken ct = default)
    {
        var vault = VaultLoader.Load(env, dir, exclude, ct);
        var target = CommonOptions.FindNote(env, vault, noteName);
        var links = Collect(vault.Snapshot, target, depth, ct);
        var console = env.Console;
        console.MarkupLine($"[bold]{Markup.Escape(vault.DisplayPath(target.Path))}[/]: {links.Count(l => l.Level == 1)} linking note{(links.Count(l => l.Level == 1) == 1 ? "" : "s")}"
            + (depth > 1 ? $", {links.Count} within {depth} levels" : ""));
        Print(target, 1);
        return ExitCodes.Ok;

        void Print(NoteDocument via, int level)
        {
            foreach (var b in links.Where(l => l.Level == level && l.Via == via))
            {
                foreach (var span in b.Call.Spans)
                {
                    var (line, col) = Vault.Position(b.Note, span.Start);
                    var context = Queries.LineAt(b.Note.Syntax, span.Start);
                    console.MarkupLine($"{new string(' ', 2 * level)}[cyan]{Markup.Escape(vault.DisplayPath(b.Note.Path))}[/][dim]:{line}:{col}[/]  {Markup.Escape(context)}");
                }
                Print(b.Note, level + 1);
            }
        }
    }
}
