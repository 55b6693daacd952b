using BenchmarkDotNet.Attributes;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Core.Syntax;

namespace Notes.Bench;

/// <summary>
/// <c>[[</c> completion alone (the note already parsed and in the snapshot, no JSON) on generated vaults of 10,000 and
/// 100,000 notes, and the snapshot update of a keystroke that changes no name (what the name index must not make dearer).
/// </summary>
[MemoryDiagnoser]
public class CompletionBenchmarks
{
    [Params(10_000, 100_000)]
    public int Notes;

    /// <summary>A rare first letter, one that begins words of about a tenth of the names, and one of about a quarter.</summary>
    [Params("ab", "at", "sp")]
    public string Typed = "ab";

    private WorkspaceSnapshot _ws = null!;
    private NoteDocument _note = null!, _typedOnce = null!;
    private int _offset;

    [GlobalSetup]
    public void Setup()
    {
        var (root, files) = InMemoryVault.Generate(Notes);
        var ws = InMemoryVault.Index(root, files);
        var first = ws.Notes.Values.OrderBy(n => n.Path, StringComparer.Ordinal).First();
        var text = first.Syntax.Text + "\nSee [[" + Typed;
        _note = NoteDocument.Create(first.Path, root, NoteParser.Parse(text, first.Stem), 1, first);
        _ws = ws.WithNote(_note);
        _offset = text.Length;
        var typed = text + " x";
        _typedOnce = NoteDocument.Create(first.Path, root, NoteParser.Reparse(_note.Syntax, typed, first.Stem), 2, _note);
    }

    [Benchmark(Description = "[[ completion, note in the snapshot")]
    public CompletionResult Complete() => Completion.Complete(_ws, _note, _offset, NotesConfig.Default);

    [Benchmark(Description = "snapshot update of a keystroke (no name changed)")]
    public WorkspaceSnapshot KeystrokeUpdate() => _ws.WithNote(_typedOnce);
}
