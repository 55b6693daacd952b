using System.CommandLine;
using Notes.Cli.Output;
using Notes.Core.Citations;
using Notes.Core.Features;
using Notes.Core.Index;
using Spectre.Console;

namespace Notes.Cli.Commands;

/// <summary>
/// <c>notes cites KEY</c>: who cites a citation key: its entry (where it is defined), its literature notes, then each
/// citation with its line as context, like <c>backlinks</c>.
/// </summary>
public static class CitesCommand
{
    /// <summary>A definition of the key: a bibliography entry, or a note's own <c>references:</c>; one-based line and column of its key.</summary>
    public sealed record EntryJson(string Path, string DisplayPath, int Line, int Column, string Type, string Reference);
    /// <summary>One citation of the key: the citing note, where the <c>@key</c> item starts (one-based), and its line.</summary>
    public sealed record CitationJson(string Path, string DisplayPath, int Line, int Column, string Context);
    /// <summary>A literature note of the key.</summary>
    public sealed record NoteJson(string Path, string DisplayPath, string Title);
    /// <summary>The JSON document: the key, its entries, literature notes and citations (by path, then position).</summary>
    public sealed record CitesJson(string Key, IReadOnlyList<EntryJson> Entries, IReadOnlyList<NoteJson> LiteratureNotes, int Notes, IReadOnlyList<CitationJson> Citations);

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var key = new Argument<string>("KEY") { Description = "A citation key, with or without its '@'" };
        var dir = new Option<string>("--dir") { Description = "The vault folder [default: the current folder]", DefaultValueFactory = _ => ".", HelpName = "DIR" };
        var format = CommonOptions.Format("text", "json");
        var exclude = CommonOptions.Exclude();
        var command = new Command("cites", "List the notes citing a key ([@key], @key), with its entry, its literature notes and each citing line") { key, dir, format, exclude };
        command.SetAction((parse, ct) => Task.FromResult(Run(env, parse.GetValue(key)!, parse.GetValue(dir)!, parse.GetValue(format)!, parse.GetValue(exclude) ?? [], ct)));
        return command;
    }

    /// <summary>
    /// What the vault knows of <paramref name="key"/>: its definitions (bibliography files in path order, then notes'
    /// own references), its literature notes, and every citation that counts (templates left out), by path then position.
    /// </summary>
    public static CitesJson Collect(Vault vault, string key, CancellationToken ct = default)
    {
        var ws = vault.Snapshot;
        var entries = new List<EntryJson>();
        foreach (var d in ws.Citations.Definitions(key))
        {
            if (d.File is null) continue;
            var (line, col) = Vault.Position(d.File, d.Entry.KeySpan.Start);
            entries.Add(new EntryJson(NotePath.Relative(d.Path, vault.Root), vault.DisplayPath(d.Path), line, col, d.Entry.Type, BibFormat.Short(d.Entry)));
        }
        foreach (var n in vault.Notes)
            foreach (var r in n.References.Where(r => r.Key == key))
            {
                var (line, col) = Vault.Position(n, r.KeySpan.Start);
                entries.Add(new EntryJson(n.RelativePath, vault.DisplayPath(n.Path), line, col, r.Type, BibFormat.Short(r)));
            }
        var literature = CitationFeatures.LiteratureNotes(ws, key)
            .OrderBy(n => n.Path, StringComparer.Ordinal)
            .Select(n => new NoteJson(n.RelativePath, vault.DisplayPath(n.Path), n.Title))
            .ToList();
        var citations = CitationFeatures.Citing(ws, key, ct)
            .OrderBy(x => x.Note.Path, StringComparer.Ordinal).ThenBy(x => x.Citation.Span.Start)
            .Select(x =>
            {
                var (line, col) = Vault.Position(x.Note, x.Citation.Span.Start);
                return new CitationJson(x.Note.RelativePath, vault.DisplayPath(x.Note.Path), line, col, Queries.LineAt(x.Note.Syntax, x.Citation.Span.Start));
            })
            .ToList();
        return new CitesJson(key, entries, literature, citations.Select(c => c.Path).Distinct(StringComparer.Ordinal).Count(), citations);
    }

    /// <summary>
    /// Prints the entry, the literature notes and the citations (<c>path:line:col  context</c>). A key that is neither
    /// defined nor cited (nor has a literature note) is an error (exit 2), as an unknown note is for <c>backlinks</c>.
    /// </summary>
    public static int Run(CliEnvironment env, string keyArg, string dir, string format, string[] exclude, CancellationToken ct = default)
    {
        var key = keyArg.Trim();
        if (key.StartsWith('@')) key = key[1..];
        if (key.StartsWith('{') && key.EndsWith('}')) key = key[1..^1]; // @{key} as Pandoc writes odd keys
        if (key.Length == 0) throw new CliException("the citation key is empty");
        var vault = VaultLoader.Load(env, dir, exclude, ct);
        var found = Collect(vault, key, ct);
        if (found.Entries.Count == 0 && found.Citations.Count == 0 && found.LiteratureNotes.Count == 0)
            throw new CliException($"no citation key '{key}' in {vault.DisplayPath(vault.Root)}: no entry in any bibliography and no note cites it");
        if (format == "json")
        {
            Json.Write(env.Out, found);
            return ExitCodes.Ok;
        }
        var console = env.Console;
        if (found.Entries.Count == 0) console.MarkupLine($"[bold]@{Markup.Escape(key)}[/]: [yellow]no entry in any bibliography[/]");
        foreach (var e in found.Entries)
            console.MarkupLine($"[bold]@{Markup.Escape(key)}[/]: {Markup.Escape(e.Reference)}  [cyan]{Markup.Escape(e.DisplayPath)}[/][dim]:{e.Line}[/]");
        foreach (var n in found.LiteratureNotes)
            console.MarkupLine($"  literature note: [cyan]{Markup.Escape(n.DisplayPath)}[/]");
        int count = found.Citations.Count;
        console.MarkupLine($"{count} citation{(count == 1 ? "" : "s")} in {found.Notes} note{(found.Notes == 1 ? "" : "s")}");
        foreach (var c in found.Citations)
            console.MarkupLine($"  [cyan]{Markup.Escape(c.DisplayPath)}[/][dim]:{c.Line}:{c.Column}[/]  {Markup.Escape(c.Context)}");
        return ExitCodes.Ok;
    }
}
