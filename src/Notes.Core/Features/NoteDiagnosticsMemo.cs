using Notes.Core.Config;
using Notes.Core.Index;
using Notes.Core.Syntax;

namespace Notes.Core.Features;

/// <summary>
/// What <see cref="NoteDiagnostics.Compute(WorkspaceSnapshot, NoteDocument, NotesConfig, NoteDiagnosticsMemo?, CancellationToken)"/>
/// found for one note's links and tags, kept between its computations (the server keeps one per open note): a link's
/// diagnostics depend on its kind, target and fragment, on the note's path and on what the snapshot's
/// <see cref="WorkspaceSnapshot.ResolutionStamp"/> stands for; a tag's on its name, the tag statistics, the vocabulary
/// and the configuration. Each part is dropped when what it depends on changed. Not thread-safe: one computation at a time.
/// </summary>
public sealed class NoteDiagnosticsMemo
{
    internal readonly record struct LinkKey(LinkKind Kind, string Target, string? Fragment, bool IsBlockRef);

    private readonly Dictionary<LinkKey, NoteDiagnostics.Verdict[]> _links = [];
    private readonly Dictionary<string, NoteDiagnostics.Verdict[]> _tags = new(StringComparer.Ordinal);
    private long _stamp;
    private NotesConfig? _linksConfig, _tagsConfig;
    private string? _linksNote, _tagsNote;
    private TagStatistics? _stats;
    private NoteDocument? _vocabulary;

    /// <summary>How many links and tags the memo holds (for tests).</summary>
    public int Count => _links.Count + _tags.Count;

    internal Dictionary<LinkKey, NoteDiagnostics.Verdict[]> LinksFor(WorkspaceSnapshot ws, NoteDocument note, NotesConfig config)
    {
        // Typing a target leaves one entry per prefix ("q", "qu", ...): bounded by starting afresh.
        if (_stamp != ws.ResolutionStamp || !ReferenceEquals(_linksConfig, config) || !string.Equals(_linksNote, Identity(note), StringComparison.Ordinal) ||
            _links.Count > 2 * note.Syntax.Links.Count + 256)
        {
            _links.Clear();
            (_stamp, _linksConfig, _linksNote) = (ws.ResolutionStamp, config, Identity(note));
        }
        return _links;
    }

    internal Dictionary<string, NoteDiagnostics.Verdict[]> TagsFor(WorkspaceSnapshot ws, NoteDocument note, NotesConfig config)
    {
        var stats = ws.TagStatistics;
        var vocabulary = config.TagVocabularyFile.Length > 0 && note.Root.Length > 0 ? ws[note.Root + "/" + config.TagVocabularyFile.TrimStart('/')] : null;
        if (!ReferenceEquals(_stats, stats) || !ReferenceEquals(_vocabulary, vocabulary) || !ReferenceEquals(_tagsConfig, config) ||
            !string.Equals(_tagsNote, Identity(note), StringComparison.Ordinal) || _tags.Count > 2 * note.Syntax.Tags.Count + 256)
        {
            _tags.Clear();
            (_stats, _vocabulary, _tagsConfig, _tagsNote) = (stats, vocabulary, config, Identity(note));
        }
        return _tags;
    }

    private static string Identity(NoteDocument note) => note.Root + "\n" + note.Path;
}
