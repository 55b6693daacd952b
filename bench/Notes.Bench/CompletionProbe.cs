using System.Diagnostics;
using Notes.Bench.Lsp;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Core.Syntax;

namespace Notes.Bench;

/// <summary>
/// <c>completion-probe --notes N</c>: the in-process time of <c>[[</c> completion for each two-character prefix the
/// <c>lsp</c> benchmark types, on the generated vault of <see cref="InMemoryVault"/> (quicker than BenchmarkDotNet at
/// 100,000 notes, where each of its processes loads the vault again): median and max of 30 runs per prefix, and the
/// median over all prefixes.
/// </summary>
public static class CompletionProbe
{
    public static int Run(BenchOptions options)
    {
        var (root, files) = InMemoryVault.Generate(options.Notes);
        var ws = InMemoryVault.Index(root, files);
        var first = ws.Notes.Values.OrderBy(n => n.Path, StringComparer.Ordinal).First();
        var all = new List<double>();
        foreach (var prefix in CompletionTyping.Prefixes.Append("ab"))
        {
            var text = first.Syntax.Text + "\nSee [[" + prefix;
            var note = NoteDocument.Create(first.Path, root, NoteParser.Parse(text, first.Stem), 1, first);
            var snapshot = ws.WithNote(note);
            GC.Collect(); // the vault's load leaves the collector busy for the first prefixes
            var times = new List<double>();
            int items = 0;
            for (int i = 0; i < 33; i++)
            {
                long start = Stopwatch.GetTimestamp();
                items = Completion.Complete(snapshot, note, text.Length, NotesConfig.Default).Items.Length;
                if (i >= 3) times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            times.Sort();
            all.AddRange(times);
            ulong chars = NameSignature.CharsOf(prefix), firstBit = NameSignature.Bit(prefix[0]);
            int firstPass = 0, heads = 0;
            foreach (var slot in snapshot.NameIndex.Slots(chars, firstBit))
            {
                firstPass++;
                if (snapshot.NameIndex.StartsAName(slot, firstBit)) heads++;
            }
            Console.WriteLine($"{prefix}: median {times[times.Count / 2]:F3} ms, max {times[^1]:F3} ms ({items} items; first pass {firstPass} notes, {heads} with a name starting with '{prefix[0]}')");
        }
        all.Sort();
        Console.WriteLine($"all prefixes: p50 {all[all.Count / 2]:F3} ms, p99 {all[(int)(all.Count * 0.99)]:F3} ms (n={all.Count}, {options.Notes} notes)");
        return 0;
    }
}
