using System.CommandLine;
using System.Text;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.FileSystem;
using Spectre.Console;

namespace Notes.Cli.Commands;

/// <summary>
/// <c>notes fix --tags [DIR]</c>: rewrites tag variants to their dominant form with the core's tag-variant quick fixes.
/// A dry run unless <c>--write</c>; never writes outside the vault, nor a file that changed since it was read.
/// </summary>
public static class FixCommand
{
    /// <summary>One tag rewrite: where it stands (one-based line), and the text before and after.</summary>
    public sealed record TagEdit(NoteDocument Note, TextEditSpec Edit, int Line, string Old);

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env)
    {
        var dir = CommonOptions.Dir();
        var tags = new Option<bool>("--tags") { Description = "Rewrite tag variants (#BERT, #neural_networks) to their dominant form" };
        var write = new Option<bool>("--write") { Description = "Apply the changes (without it: only show them)" };
        var exclude = CommonOptions.Exclude();
        var command = new Command("fix", "Fix what the checks find; a dry run unless --write") { dir, tags, write, exclude };
        command.SetAction((parse, ct) => Task.FromResult(Run(env, parse.GetValue(dir)!, parse.GetValue(tags), parse.GetValue(write), parse.GetValue(exclude) ?? [], ct)));
        return command;
    }

    /// <summary>The edits of the preferred tag-variant quick fix at every tag, in path and offset order.</summary>
    public static List<TagEdit> TagEdits(Vault vault, CancellationToken ct = default)
    {
        var edits = new List<TagEdit>();
        foreach (var note in vault.Notes)
        {
            var seen = new HashSet<int>();
            foreach (var tag in note.Syntax.Tags)
            {
                var fix = CodeActions.At(vault.Snapshot, note, tag.Span, vault.Config, ct)
                    .FirstOrDefault(a => a.DiagnosticCode == DiagnosticCodes.TagVariant && a.IsPreferred);
                if (fix is null || !fix.Edits.TryGetValue(note.Path, out var own)) continue;
                foreach (var e in own.Where(e => e.Span == tag.NameSpan && seen.Add(e.Span.Start)))
                    edits.Add(new TagEdit(note, e, Vault.Position(note, e.Span.Start).Line, note.Syntax.Text[e.Span.Start..e.Span.End]));
            }
        }
        return [.. edits.OrderBy(e => e.Note.Path, StringComparer.Ordinal).ThenBy(e => e.Edit.Span.Start)];
    }

    /// <summary>Prints (and with <paramref name="write"/> applies) the tag fixes.</summary>
    public static int Run(CliEnvironment env, string dir, bool tags, bool write, string[] exclude, CancellationToken ct = default)
    {
        if (!tags) throw new CliException("nothing to fix: pass --tags (the only fix so far)");
        var vault = VaultLoader.Load(env, dir, exclude, ct);
        var edits = TagEdits(vault, ct);
        foreach (var e in edits)
            env.Console.MarkupLine($"[cyan]{Markup.Escape(vault.DisplayPath(e.Note.Path))}[/][dim]:{e.Line}[/] #{Markup.Escape(e.Old)} → [green]#{Markup.Escape(e.Edit.NewText)}[/]");
        int files = edits.Select(e => e.Note.Path).Distinct().Count();
        if (!write)
        {
            env.Console.MarkupLine(edits.Count == 0 ? "Nothing to fix." : $"{edits.Count} tag{(edits.Count == 1 ? "" : "s")} in {files} file{(files == 1 ? "" : "s")} would change; run with --write to apply.");
            return ExitCodes.Ok;
        }
        foreach (var group in edits.GroupBy(e => e.Note))
            Apply(vault.Root, group.Key.Path, group.Key.Syntax.Text, [.. group.Select(e => e.Edit)]);
        env.Console.MarkupLine(edits.Count == 0 ? "Nothing to fix." : $"Changed {edits.Count} tag{(edits.Count == 1 ? "" : "s")} in {files} file{(files == 1 ? "" : "s")}.");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// Applies non-overlapping edits to the file at <paramref name="path"/>, whose text was <paramref name="indexedText"/>
    /// when indexed. Refuses (throws <see cref="CliException"/>) a file outside <paramref name="root"/> or one whose text
    /// on disk differs (changed since, truncated, not UTF-8). Keeps a UTF-8 byte-order mark.
    /// </summary>
    public static void Apply(string root, string path, string indexedText, IReadOnlyList<TextEditSpec> edits)
    {
        if (!PathGuard.IsInside(root, path)) throw new CliException($"refusing to write outside the vault: {path}");
        var bytes = File.ReadAllBytes(path);
        bool bom = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]);
        string onDisk;
        try
        {
            onDisk = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        }
        catch (DecoderFallbackException)
        {
            throw new CliException($"not rewritten (not valid UTF-8): {path}");
        }
        if (onDisk != indexedText) throw new CliException($"not rewritten (changed since it was read, or too large to index whole): {path}");
        var sb = new StringBuilder(onDisk);
        foreach (var e in edits.OrderByDescending(e => e.Span.Start))
            sb.Remove(e.Span.Start, e.Span.Length).Insert(e.Span.Start, e.NewText);
        var temp = path + ".notes-fix.tmp";
        File.WriteAllText(temp, sb.ToString(), new UTF8Encoding(bom));
        File.Move(temp, path, overwrite: true);
    }
}
