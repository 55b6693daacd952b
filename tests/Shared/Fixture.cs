using Notes.Core.Citations;
using Notes.Core.Text;
using Notes.Core.Index;
using Notes.Core.Syntax;

namespace Notes.Testing;

/// <summary>
/// A workspace written as one string, in the manner of rust-analyzer's fixtures:
/// <code>
/// //- /a.md
/// See [[b$0]].
/// //- /dir/b.md
/// # B
/// </code>
/// <c>$0</c> marks the cursor (at most one). Paths are relative to the root <see cref="Root"/>.
/// </summary>
public sealed class Fixture
{
    public const string Root = "/vault";
    public const string CursorMarker = "$0";

    public IReadOnlyDictionary<string, string> Files { get; }
    public string? CursorPath { get; }
    public int CursorOffset { get; }

    private Fixture(Dictionary<string, string> files, string? cursorPath, int cursorOffset)
    {
        Files = files;
        CursorPath = cursorPath;
        CursorOffset = cursorOffset;
    }

    public static Fixture Parse(string text)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        string? cursorPath = null;
        int cursorOffset = -1;
        string? current = null;
        var body = new System.Text.StringBuilder();
        foreach (var rawLine in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (rawLine.StartsWith("//- ", StringComparison.Ordinal))
            {
                Flush();
                current = rawLine[4..].Trim();
                continue;
            }
            if (current is null)
            {
                if (rawLine.Trim().Length == 0) continue;
                current = "/note.md";
            }
            body.Append(rawLine).Append('\n');
        }
        Flush();
        return new Fixture(files, cursorPath, cursorOffset);

        void Flush()
        {
            if (current is null) return;
            var content = body.ToString();
            if (content.EndsWith("\n\n", StringComparison.Ordinal)) content = content[..^1];
            int at = content.IndexOf(CursorMarker, StringComparison.Ordinal);
            if (at >= 0)
            {
                content = content.Remove(at, CursorMarker.Length);
                cursorPath = current;
                cursorOffset = at;
            }
            files[current] = content;
            body.Clear();
        }
    }

    public static string FullPath(string relative) => Root + (relative.StartsWith('/') ? relative : "/" + relative);

    /// <summary>The notes (files ending .md or .markdown) and the attachments (every other file but hidden ones: its text stands for its bytes).</summary>
    /// <param name="templates">Globs (relative to <see cref="Root"/>) of the template files, if any.</param>
    public WorkspaceSnapshot Snapshot(PathPatterns? templates = null) =>
        WorkspaceSnapshot.Build([Root],
            Files.Where(kv => IsNote(kv.Key)).Select((kv, i) => Document(kv.Key, kv.Value, i)),
            Files.Where(kv => !IsNote(kv.Key) && !NotePath.FileName(kv.Key).StartsWith('.')).Select(kv => Attachment(kv.Key, kv.Value)),
            templates, Bibliographies());

    /// <summary>The attachments that read as bibliographies: every <c>.bib</c>, and each <c>.json</c> that is CSL; all in the default set unless <paramref name="defaultSet"/> lists some.</summary>
    public IEnumerable<BibliographyFile> Bibliographies(params string[] defaultSet)
    {
        foreach (var (path, text) in Files)
            if (BibliographyFile.FromText(FullPath(path), Root, text, defaultSet.Length == 0 || defaultSet.Contains(path.TrimStart('/'))) is { } file)
                yield return file;
    }

    public static bool IsNote(string path) => NameKey.HasNoteExtension(path);

    public static AttachmentFile Attachment(string relative, string content) =>
        new(FullPath(relative), Root, System.Text.Encoding.UTF8.GetByteCount(content));

    public static NoteDocument Document(string relative, string text, long stamp = 0)
    {
        var full = FullPath(relative);
        return NoteDocument.Create(full, Root, NoteParser.Parse(text, NotePath.Stem(full)), stamp);
    }

    public NoteDocument CursorNote(WorkspaceSnapshot ws) => ws[FullPath(CursorPath ?? throw new InvalidOperationException("fixture has no $0"))]!;
}
