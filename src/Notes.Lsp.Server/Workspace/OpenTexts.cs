using System.Collections.Immutable;
using Notes.Core.Text;

namespace Notes.Lsp.Server.Workspace;

/// <summary>
/// The editor's text of open bibliography files (a <c>.bib</c> library open beside the notes), kept so that requests
/// asked in them (references, definition, hover on an entry) find the entry the user sees, saved or not. Never indexed:
/// the index reads the saved file, when the watcher reports it. Changes come in arrival order, on the dispatch loop;
/// readers take the text of the moment.
/// </summary>
public sealed class OpenTexts
{
    public sealed record Text(string Value, LineIndex Lines);

    private ImmutableDictionary<string, Text> _texts = ImmutableDictionary.Create<string, Text>(StringComparer.Ordinal);

    public Text? this[string path] => Volatile.Read(ref _texts).GetValueOrDefault(NotesWorkspace.Normalise(path));

    public void Open(string path, string text) =>
        ImmutableInterlocked.Update(ref _texts, t => t.SetItem(NotesWorkspace.Normalise(path), new Text(text, LineIndex.Create(text))));

    /// <summary>Applies the editor's changes; a change that does not fit drops the text (requests in it then answer nothing) and says why.</summary>
    public bool Change(string path, IReadOnlyList<TextChange> changes, PositionEncoding encoding, out string? error)
    {
        path = NotesWorkspace.Normalise(path);
        if (this[path] is not { } t)
        {
            error = $"{path} is not open";
            return false;
        }
        if (TextChanges.Apply(t.Value, changes, encoding, out error, t.Lines) is not { } next)
        {
            ImmutableInterlocked.Update(ref _texts, d => d.Remove(path));
            return false;
        }
        ImmutableInterlocked.Update(ref _texts, d => d.SetItem(path, new Text(next, LineIndex.Create(next))));
        return true;
    }

    public bool Close(string path)
    {
        path = NotesWorkspace.Normalise(path);
        bool had = false;
        ImmutableInterlocked.Update(ref _texts, d => { had = d.ContainsKey(path); return d.Remove(path); });
        return had;
    }

    /// <summary>Whether the editor's file at <paramref name="path"/> is a BibTeX library kept here rather than a note.</summary>
    public static bool IsBibliography(string path) => Notes.Core.Citations.BibliographyFile.IsBibTex(path);
}
