using System.Diagnostics;
using Notes.Bench.Lsp;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Bench;

/// <summary>
/// <c>keystroke --notes N --long-note-lines L</c>: the steps of one keystroke as the server takes them (change applied,
/// reparse, index entry, snapshot, diagnostics scope, the note's diagnostics, completion), timed one by one in process
/// on the lsp benchmark's vault with its long daily note open (or a 20-line one with <c>--long-note-lines 20</c>).
/// </summary>
public static class KeystrokeProbe
{
    public static int Run(BenchOptions o)
    {
        var vault = BenchVault.Prepare(o.Notes, o.Seed, o.Attachments);
        var root = vault.Root.Replace('\\', '/');
        var ws = WorkspaceSnapshot.Build([root], vault.Files.AsParallel()
            .Select(f => NoteDocument.Create(f.Replace('\\', '/'), root, NoteParser.Parse(File.ReadAllText(f), NotePath.Stem(f)).Compact())));
        var config = NotesConfig.Default;
        int lines = o.LongNoteLines > 0 ? o.LongNoteLines : 6000;
        var path = root + "/long-daily-log.md";
        var text = LongNote.Make(lines, vault.Files.Select(f => Path.GetFileNameWithoutExtension(f)).ToList()) + "\n\nSee [[q]]";
        var note = NoteDocument.Create(path, root, NoteParser.Parse(text, "long-daily-log"));
        ws = ws.WithNote(note);
        var memo = new NoteDiagnosticsMemo();
        var first = NoteDiagnostics.Compute(ws, note, config, memo);
        Console.WriteLine($"{ws.Notes.Count} notes; the open note: {text.Length / 1024} KB, {note.Syntax.Lines.LineCount} lines, {note.Syntax.Links.Count} links, " +
            $"{note.Syntax.Tags.Count} tags, {first.Length} diagnostics");

        string[] names = ["apply", "reparse", "index entry", "WithNote", "scope", "note diagnostics", "completion"];
        var ms = names.ToDictionary(n => n, _ => new List<double>());
        var bytes = names.ToDictionary(n => n, _ => 0L);
        int rounds = 300, warmup = 30;
        for (int i = 0; i < rounds + warmup; i++)
        {
            var old = note;
            // Typing the target of a link at the end, one letter at a time (each keystroke changes a link key and its diagnostic).
            var at = old.Syntax.Lines.ToPosition(text.Length - 2);
            var next = Step("apply", () => TextChanges.Apply(text, [new TextChange(at, at, ((char)('a' + i % 26)).ToString())], PositionEncoding.Utf16, out _, old.Syntax.Lines)!);
            var syntax = Step("reparse", () => NoteParser.Reparse(old.Syntax, next, "long-daily-log"));
            note = Step("index entry", () => NoteDocument.Create(path, root, syntax, i, old));
            var before = ws;
            ws = Step("WithNote", () => before.WithNote(note));
            Step("scope", () => DiagnosticsScope.Affected(before, ws, old, note, config));
            Step("note diagnostics", () => NoteDiagnostics.Compute(ws, note, config, memo));
            Step("completion", () => Completion.Complete(ws, note, next.Length - 2, config));
            text = next;

            T Step<T>(string name, Func<T> f)
            {
                long a = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                var r = f();
                if (i >= warmup)
                {
                    ms[name].Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    bytes[name] += GC.GetAllocatedBytesForCurrentThread() - a;
                }
                return r;
            }
        }
        Console.WriteLine($"{"step",-18} {"p50 ms",8} {"p99 ms",8} {"KB/keystroke",13}");
        foreach (var n in names)
            Console.WriteLine($"{n,-18} {Report.Percentile(ms[n], 0.5),8:F3} {Report.Percentile(ms[n], 0.99),8:F3} {bytes[n] / rounds / 1024.0,13:F1}");
        return 0;
    }
}
