using System.Collections.Immutable;
using Notes.Core.Config;
using Notes.Core.Index;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Features;

public sealed record RelatedInfo(string Path, TextSpan Span, string Message);

/// <summary>A problem in a note, in core terms (the server converts it to LSP).</summary>
/// <param name="Data">What a quick fix needs: the dominant tag, the suggested tag, or the candidate paths joined by '\n'.</param>
public sealed record NoteDiagnostic(TextSpan Span, Severity Severity, string Code, string Message, ImmutableArray<RelatedInfo> Related, string? Data = null);

/// <summary>Link and tag rules. Pure: the same snapshot and configuration always give the same answer.</summary>
public static class NoteDiagnostics
{
    /// <summary>What a broken link says: a file-like target (<c>loss.png</c>) names a file, anything else a note.</summary>
    public static string BrokenMessage(NoteLink link) =>
        LinkResolver.IsNoteTarget(link.Target) ? $"No note named '{link.Target}'"
        : link.Target.Contains('/') ? $"No file at '{link.Target}'" : $"No file named '{link.Target}'";

    public static ImmutableArray<NoteDiagnostic> Compute(WorkspaceSnapshot ws, NoteDocument note, NotesConfig config, CancellationToken ct = default) =>
        Compute(ws, note, config, null, ct);

    /// <summary>
    /// The note's diagnostics, reusing through <paramref name="memo"/> (when given) what an earlier computation on a
    /// snapshot of the same <see cref="WorkspaceSnapshot.ResolutionStamp"/> found for a link of the same kind, target and
    /// fragment, or a tag of the same name under the same tag statistics: an open note's keystroke recomputes only the
    /// links and tags it wrote. The same answer as without one (the oracle: DiagnosticsMemoOracleTests).
    /// </summary>
    public static ImmutableArray<NoteDiagnostic> Compute(WorkspaceSnapshot ws, NoteDocument note, NotesConfig config, NoteDiagnosticsMemo? memo, CancellationToken ct = default)
    {
        if (ws.IsTemplate(note)) return []; // a template is not a note: its links, tags and front matter are filled in later
        var result = ImmutableArray.CreateBuilder<NoteDiagnostic>();
        var found = new List<Verdict>(2);
        void Add(string code, TextSpan span, string message, ImmutableArray<RelatedInfo> related = default, string? data = null, bool onFragment = false)
        {
            var sev = config.SeverityOf(code);
            if (sev != Severity.Off) found.Add(new Verdict(new NoteDiagnostic(span, sev, code, message, related.IsDefault ? [] : related, data), onFragment));
        }

        foreach (var d in note.Syntax.Diagnostics) Add(DiagnosticCodes.Syntax, d.Span, d.Message);
        foreach (var v in found) result.Add(v.Diagnostic);

        var links = memo?.LinksFor(ws, note, config);
        foreach (var link in note.Syntax.Links)
        {
            ct.ThrowIfCancellationRequested();
            var key = new NoteDiagnosticsMemo.LinkKey(link.Kind, link.Target, link.Fragment, link.IsBlockRef);
            if (links is null || !links.TryGetValue(key, out var verdicts))
            {
                found.Clear();
                LinkDiagnostics(ws, note, link, Add);
                verdicts = found.ToArray();
                links?.Add(key, verdicts);
            }
            foreach (var v in verdicts) result.Add(v.At(v.OnFragment ? link.FragmentSpan ?? link.Span : link.Span));
        }

        var tags = memo?.TagsFor(ws, note, config);
        HashSet<string>? vocabulary = null;
        bool isVocabularyNote = IsVocabularyNote(note, config);
        foreach (var tag in note.Syntax.Tags)
        {
            if (tags is null || !tags.TryGetValue(tag.Name, out var verdicts))
            {
                found.Clear();
                TagDiagnostics(ws.TagStatistics, tag, vocabulary ??= Vocabulary(ws, note.Root, config), isVocabularyNote, config, Add);
                verdicts = found.ToArray();
                tags?.Add(tag.Name, verdicts);
            }
            foreach (var v in verdicts) result.Add(v.At(tag.Span));
        }
        if (config.SeverityOf(DiagnosticCodes.UnlinkedMention) != Severity.Off)
        {
            found.Clear();
            foreach (var m in UnlinkedMentions.Find(ws, note, ct))
                Add(DiagnosticCodes.UnlinkedMention, m.Span, $"'{m.Text}' names {m.Target.Title} but is not a link", data: m.Target.Path);
            foreach (var v in found) result.Add(v.Diagnostic);
        }
        // Citations: computed on each call (a lookup per citation; the bibliographies change without the notes' resolution stamp).
        found.Clear();
        CitationFeatures.Diagnose(ws, note, config, (code, span, message, data) => Add(code, span, message, data: data));
        foreach (var v in found) result.Add(v.Diagnostic);
        return result.ToImmutable();
    }

    private delegate void AddDiagnostic(string code, TextSpan span, string message, ImmutableArray<RelatedInfo> related = default, string? data = null, bool onFragment = false);

    /// <summary>One diagnostic of a link or tag, placed at its span (the fragment's when <see cref="OnFragment"/>) wherever that link or tag now is.</summary>
    internal readonly record struct Verdict(NoteDiagnostic Diagnostic, bool OnFragment)
    {
        public NoteDiagnostic At(TextSpan span) => Diagnostic.Span == span ? Diagnostic : Diagnostic with { Span = span };
    }

    private static void LinkDiagnostics(WorkspaceSnapshot ws, NoteDocument note, NoteLink link, AddDiagnostic add)
    {
        var r = LinkResolver.Resolve(ws, note, link);
        var shown = link.Target.Length == 0 ? "this note" : $"'{link.Target}'";
        switch (r.Status)
        {
            case LinkStatus.Broken:
                add(DiagnosticCodes.BrokenLink, link.Span, BrokenMessage(link), data: link.Target);
                return;
            case LinkStatus.OutsideWorkspace:
                add(DiagnosticCodes.OutsideWorkspace, link.Span, $"{shown} lies outside the workspace");
                return;
            case LinkStatus.Ambiguous:
                add(DiagnosticCodes.AmbiguousLink, link.Span,
                    $"{shown} matches {r.Candidates.Length} notes: {string.Join(", ", r.Candidates.Select(c => c.Note.RelativePath))}",
                    r.Candidates.Select(c => new RelatedInfo(c.Note.Path, TitleSpan(c.Note), $"candidate ({Describe(c.Reason)})")).ToImmutableArray(),
                    string.Join('\n', r.Candidates.Select(c => c.Note.Path)));
                break;
        }
        var fragSpan = link.FragmentSpan ?? link.Span;
        if (r.FragmentStatus == FragmentStatus.UnknownHeading)
            add(DiagnosticCodes.UnknownHeading, fragSpan, $"No heading '{link.Fragment}' in {r.Target!.RelativePath}", onFragment: true);
        else if (r.FragmentStatus == FragmentStatus.UnknownBlock)
            add(DiagnosticCodes.UnknownBlock, fragSpan, $"No block '^{link.Fragment}' in {r.Target!.RelativePath}", onFragment: true);
    }

    private static void TagDiagnostics(TagStatistics stats, Tag tag, HashSet<string> vocabulary, bool isVocabularyNote, NotesConfig config, AddDiagnostic add)
    {
        var group = stats.GroupOf(tag.Name);
        if (group is { HasVariants: true } && tag.Name != group.Dominant)
        {
            var dom = group.Forms[0];
            add(DiagnosticCodes.TagVariant, tag.Span,
                $"#{tag.Name} is a variant of #{group.Dominant} (used {dom.Count} time{(dom.Count == 1 ? "" : "s")})", data: group.Dominant);
        }
        else if (group is { Total: 1 } && OneOffSuggestion(stats, group, config) is { } suggestion)
        {
            add(DiagnosticCodes.TagOneOff, tag.Span,
                $"#{tag.Name} is used only once; did you mean #{suggestion.Dominant} (used {suggestion.Total} times)?", data: suggestion.Dominant);
        }
        if (!isVocabularyNote && vocabulary.Count > 0 && !vocabulary.Contains(tag.Name))
            add(DiagnosticCodes.TagUnknown, tag.Span, $"#{tag.Name} is not in the tag vocabulary");
        if (FormatProblem(tag.Name, config) is { } problem)
            add(DiagnosticCodes.TagFormat, tag.Span, problem);
    }

    public static string Describe(MatchReason reason) => reason switch
    {
        MatchReason.SameNote => "this note",
        MatchReason.Stem => "file name",
        MatchReason.Title => "title",
        MatchReason.Alias => "alias",
        MatchReason.Neighbour => "file name, beside this note",
        _ => "path",
    };

    /// <summary>The note's title line, or its first character.</summary>
    public static TextSpan TitleSpan(NoteDocument note) => note.Syntax.Title.Span ?? new TextSpan(0, 0);

    /// <summary>The configured tags plus those of the vocabulary note, compared case-insensitively; empty when there is no vocabulary.</summary>
    public static HashSet<string> Vocabulary(WorkspaceSnapshot ws, string root, NotesConfig config)
    {
        var set = new HashSet<string>(config.TagVocabulary.Select(t => t.TrimStart('#')), StringComparer.OrdinalIgnoreCase);
        if (root.Length > 0 && config.TagVocabularyFile.Length > 0 && ws[root + "/" + config.TagVocabularyFile.TrimStart('/')] is { } vocab)
            foreach (var t in vocab.Syntax.Tags) set.Add(t.Name);
        return set;
    }

    public static bool IsVocabularyNote(NoteDocument note, NotesConfig config) =>
        config.TagVocabularyFile.Length > 0 && string.Equals(note.RelativePath, config.TagVocabularyFile.TrimStart('/'), StringComparison.Ordinal);

    /// <summary>A common tag close enough (edit distance) to a tag used once that it is likely a typo.</summary>
    public static TagGroup? OneOffSuggestion(TagStatistics stats, TagGroup single, NotesConfig config)
    {
        var key = single.VariantKey;
        if (key.Length < 4) return null;
        TagGroup? best = null;
        int bestDistance = int.MaxValue;
        int allowed = key.Length >= 8 ? 2 : 1;
        foreach (var g in stats.Groups)
        {
            if (g.Total < config.OneOffMinCommonCount) break; // groups are sorted by total, most used first
            if (Math.Abs(g.VariantKey.Length - key.Length) > allowed) continue;
            int d = EditDistance(key, g.VariantKey, allowed);
            if (d > 0 && d <= allowed && d < bestDistance) { best = g; bestDistance = d; }
        }
        return best;
    }

    /// <summary>Optimal string alignment distance, giving up early past <paramref name="limit"/>.</summary>
    public static int EditDistance(string a, string b, int limit)
    {
        var prev2 = new int[b.Length + 1];
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) v = Math.Min(v, prev2[j - 2] + 1);
                cur[j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin > limit) return limit + 1;
            (prev2, prev, cur) = (prev, cur, prev2);
        }
        return prev[b.Length];
    }

    /// <summary>What is wrong with a tag's form under the configured style and depth, or null.</summary>
    public static string? FormatProblem(string tag, NotesConfig config)
    {
        var segments = tag.Split('/');
        if (config.TagMaxDepth > 0 && segments.Length > config.TagMaxDepth)
            return $"#{tag} nests {segments.Length} levels deep; at most {config.TagMaxDepth} allowed";
        if (config.TagStyle == TagStyle.Any) return null;
        foreach (var s in segments)
            if (!Fits(s, config.TagStyle))
                return $"#{tag} is not {StyleName(config.TagStyle)} (expected #{string.Join('/', segments.Select(x => Convert(x, config.TagStyle)))})";
        return null;
    }

    public static string StyleName(TagStyle s) => s switch
    {
        TagStyle.KebabCase => "kebab-case",
        TagStyle.SnakeCase => "snake_case",
        TagStyle.CamelCase => "camelCase",
        _ => "any",
    };

    private static bool Fits(string s, TagStyle style) => s == Convert(s, style);

    /// <summary>Rewrites one tag segment in a style: words split at separators and case changes.</summary>
    public static string Convert(string segment, TagStyle style)
    {
        if (style == TagStyle.Any) return segment;
        var words = new List<string>();
        var cur = new System.Text.StringBuilder();
        for (int i = 0; i < segment.Length; i++)
        {
            char c = segment[i];
            if (c is '-' or '_') { Flush(); continue; }
            if (char.IsUpper(c) && cur.Length > 0 && (char.IsLower(segment[i - 1]) || char.IsDigit(segment[i - 1]))) Flush();
            cur.Append(c);
        }
        Flush();
        return style switch
        {
            TagStyle.KebabCase => string.Join('-', words.Select(w => w.ToLowerInvariant())),
            TagStyle.SnakeCase => string.Join('_', words.Select(w => w.ToLowerInvariant())),
            _ => string.Concat(words.Select((w, i) => i == 0 ? w.ToLowerInvariant() : char.ToUpperInvariant(w[0]) + w[1..].ToLowerInvariant())),
        };

        void Flush()
        {
            if (cur.Length > 0) words.Add(cur.ToString());
            cur.Clear();
        }
    }
}
