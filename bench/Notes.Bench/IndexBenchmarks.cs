using BenchmarkDotNet.Attributes;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Core.Syntax;

namespace Notes.Bench;

/// <summary>The index update of one note (a keystroke), fuzzy completion ranking, and the backlinks of the most-linked note, on a generated vault.</summary>
[MemoryDiagnoser]
public class IndexBenchmarks
{
    [Params(10_000)]
    public int Notes;

    private WorkspaceSnapshot _ws = null!;
    private NoteDocument _note = null!;
    private NoteDocument _hub = null!;
    private string _root = "";
    private string _edited = "";

    [GlobalSetup]
    public void Setup()
    {
        var (root, files) = InMemoryVault.Generate(Notes);
        _root = root;
        _ws = InMemoryVault.Index(root, files);
        _note = _ws.Notes.Values.OrderBy(n => n.Path, StringComparer.Ordinal).First();
        _edited = _note.Syntax.Text + "\nSee [[ab";
        _hub = _ws.Notes.Values.OrderByDescending(_ws.ApproximateIncomingLinks).ThenBy(n => n.Path, StringComparer.Ordinal).First();
    }

    [Benchmark(Description = "parse + index update of one note")]
    public WorkspaceSnapshot UpdateOneNote() =>
        _ws.WithNote(NoteDocument.Create(_note.Path, _root, NoteParser.Parse(_edited, _note.Stem)));

    /// <summary>Two typed characters: a rare first letter, and two that begin words in many generated names.</summary>
    [Params("ab", "at", "gr")]
    public string Typed = "ab";

    [Benchmark(Description = "[[ completion after two characters")]
    public CompletionResult CompleteTwoCharacters()
    {
        var text = _note.Syntax.Text + "\nSee [[" + Typed;
        var note = NoteDocument.Create(_note.Path, _root, NoteParser.Parse(text, _note.Stem));
        return Completion.Complete(_ws, note, text.Length, NotesConfig.Default);
    }

    [Benchmark(Description = "diagnostics of one note")]
    public object DiagnosticsOfOneNote() => NoteDiagnostics.Compute(_ws, _note, NotesConfig.Default);

    [Benchmark(Description = "references of the most-linked note")]
    public int ReferencesOfTheHub() => Navigation.NoteRefs(_ws, _hub, includeDeclaration: false).Length;
}
