using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Testing;

namespace Notes.Core.Tests.Index;

/// <summary>
/// The paranoid check: after random sequences of edits, creates, deletes and renames, the incrementally updated
/// snapshot equals one rebuilt from scratch, and every note whose diagnostics changed was in the affected set.
/// </summary>
public class IncrementalOracleTests
{
    // Notes of one name in several folders (alpha, dir/alpha, x/alpha): links from each folder resolve to the note
    // beside them, or are ambiguous where there is none, so names appearing and vanishing flip that.
    private static readonly string[] Names = ["alpha", "beta", "gamma", "delta", "dir/alpha", "dir/eps", "sub/deep/zeta", "Beta", "x/alpha", "x/beta"];
    private static readonly string[] Files = ["loss.png", "figs/loss.png", "dir/Loss.PNG", "paper.pdf", "sub/data.csv", "LICENSE", "alpha.png"];
    private static readonly string[] Tags = ["ml", "ML", "attention", "atention", "neural_networks", "neural-networks", "nlp/bert", "todo"];

    private static string RandomNote(Random rng)
    {
        var sb = new System.Text.StringBuilder();
        if (rng.Next(3) == 0)
        {
            sb.Append("---\n");
            if (rng.Next(2) == 0) sb.Append("title: ").Append(Names[rng.Next(Names.Length)].Replace('/', ' ')).Append('\n');
            if (rng.Next(2) == 0) sb.Append("aliases: [").Append(Names[rng.Next(Names.Length)].Split('/')[^1]).Append("]\n");
            if (rng.Next(2) == 0) sb.Append("tags: [").Append(Tags[rng.Next(Tags.Length)]).Append("]\n");
            sb.Append("---\n");
        }
        if (rng.Next(2) == 0) sb.Append("# Title ").Append(rng.Next(5)).Append('\n');
        int parts = rng.Next(1, 8);
        for (int i = 0; i < parts; i++)
        {
            switch (rng.Next(9))
            {
                case 7: sb.Append("![[").Append(Files[rng.Next(Files.Length)].Split('/')[rng.Next(2) == 0 ? ^1 : 0]).Append(rng.Next(3) == 0 ? "#page=2" : "").Append("]]\n"); break;
                case 8: sb.Append("![fig](").Append(Files[rng.Next(Files.Length)].Replace(" ", "%20")).Append(")\n"); break;
                case 0: sb.Append("See [[").Append(Names[rng.Next(Names.Length)]).Append("]].\n"); break;
                case 1: sb.Append("See [[").Append(Names[rng.Next(Names.Length)]).Append("#Part ").Append(rng.Next(3)).Append("|label]].\n"); break;
                case 2: sb.Append("Tagged #").Append(Tags[rng.Next(Tags.Length)]).Append(" here.\n"); break;
                case 3: sb.Append("## Part ").Append(rng.Next(3)).Append('\n'); break;
                case 4: sb.Append("A claim. ^b").Append(rng.Next(3)).Append("\n\n"); break;
                case 5: sb.Append("[md](").Append(Names[rng.Next(Names.Length)]).Append(".md) and [[#Part 1]]\n"); break;
                default: sb.Append("Template: [[{{title}}]] and [[").Append(Names[rng.Next(Names.Length)].Split('/')[^1]).Append("]]\n"); break;
            }
        }
        return sb.ToString();
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(3, null)]
    [InlineData(4, null)]
    [InlineData(5, "dir/**")] // with a template folder: its notes have no diagnostics and their tags count nowhere
    [InlineData(6, "x")]
    public void IncrementalEqualsRebuild(int seed, string? templates)
    {
        var rng = new Random(seed);
        var config = NotesConfig.Default with { Templates = templates is null ? [] : [templates] };
        var patterns = config.TemplatePatterns;
        var live = new Dictionary<string, NoteDocument>(StringComparer.Ordinal);
        var ws = WorkspaceSnapshot.Empty([Fixture.Root]).WithTemplates(patterns);
        var files = new Dictionary<string, AttachmentFile>(StringComparer.Ordinal);
        WorkspaceSnapshot Rebuilt() => WorkspaceSnapshot.Build([Fixture.Root], live.Values, files.Values, patterns);
        for (int op = 0; op < 600; op++)
        {
            var before = ws;
            if (rng.Next(4) == 0)
            {
                // an attachment created, deleted or renamed (delete + create)
                var file = Fixture.FullPath(Files[rng.Next(Files.Length)]);
                var gone = files.GetValueOrDefault(file);
                if (gone is not null && rng.Next(2) == 0)
                {
                    files.Remove(file);
                    ws = ws.WithoutAttachment(file);
                    AssertFileAffectedCovers(before, ws, gone.FileName, config);
                    if (rng.Next(2) == 0)
                    {
                        var mid = ws;
                        var to = Fixture.Attachment(Files[rng.Next(Files.Length)], "x");
                        var displaced = files.GetValueOrDefault(to.Path);
                        files[to.Path] = to;
                        ws = ws.WithAttachment(to);
                        AssertFileAffectedCovers(mid, ws, to.FileName, config);
                    }
                }
                else
                {
                    var created = new AttachmentFile(file, Fixture.Root, rng.Next(100));
                    files[file] = created;
                    ws = ws.WithAttachment(created);
                    AssertFileAffectedCovers(before, ws, created.FileName, config);
                }
                Assert.Equal(Rebuilt().DumpTables(), ws.DumpTables());
                continue;
            }
            var path = "/" + Names[rng.Next(Names.Length)] + ".md";
            var full = Fixture.FullPath(path);
            NoteDocument? oldNote = live.GetValueOrDefault(full);
            NoteDocument? newNote = null;
            var kind = rng.Next(10);
            if (kind < 6)
            {
                newNote = Fixture.Document(path, RandomNote(rng), op);
                live[full] = newNote;
                ws = ws.WithNote(newNote);
            }
            else if (kind < 8)
            {
                live.Remove(full);
                ws = ws.WithoutNote(full);
            }
            else
            {
                // rename: delete + create with the same text under another name
                var to = "/" + Names[rng.Next(Names.Length)] + ".md";
                var toFull = Fixture.FullPath(to);
                if (oldNote is null || toFull == full) continue;
                live.Remove(full);
                ws = ws.WithoutNote(full);
                var mid = ws;
                AssertAffectedCovers(before, mid, oldNote, null, config);
                var displaced = live.GetValueOrDefault(toFull);
                newNote = Fixture.Document(to, oldNote.Syntax.Text, op);
                live[toFull] = newNote;
                ws = ws.WithNote(newNote);
                AssertAffectedCovers(mid, ws, displaced, newNote, config);
                Assert.Equal(Rebuilt().DumpTables(), ws.DumpTables());
                continue;
            }
            Assert.Equal(Rebuilt().DumpTables(), ws.DumpTables());
            AssertAffectedCovers(before, ws, oldNote, newNote, config);
        }
    }

    // The neighbour rule by hand: a/n.md links [[X]] while b/X.md exists; a/X.md appearing makes the link resolve
    // (the ambiguity goes), vanishing brings it back; each time the linking note must be in the affected set.
    [Fact]
    public void ANeighbourAppearingOrVanishingIsRecomputed()
    {
        var config = NotesConfig.Default;
        var linker = Fixture.Document("/a/n.md", "See [[X]].");
        var other = Fixture.Document("/b/X.md", "# X (b)");
        var third = Fixture.Document("/c/X.md", "# X (c)");
        var neighbour = Fixture.Document("/a/X.md", "# X (a)");
        var ws0 = WorkspaceSnapshot.Empty([Fixture.Root]).WithNote(linker).WithNote(other).WithNote(third);
        var ws1 = ws0.WithNote(neighbour);
        var ws2 = ws1.WithoutNote(neighbour.Path);
        string Codes(WorkspaceSnapshot ws) => string.Join(",", NoteDiagnostics.Compute(ws, ws[linker.Path]!, config).Select(d => d.Code));
        Assert.Equal(["ambiguous-link", "", "ambiguous-link"], new[] { ws0, ws1, ws2 }.Select(Codes));
        Assert.Contains(linker.Path, DiagnosticsScope.Affected(ws0, ws1, null, neighbour, config));
        Assert.Contains(linker.Path, DiagnosticsScope.Affected(ws1, ws2, neighbour, null, config));
        AssertAffectedCovers(ws0, ws1, null, neighbour, config);
        AssertAffectedCovers(ws1, ws2, neighbour, null, config);
    }

    private static void AssertAffectedCovers(WorkspaceSnapshot before, WorkspaceSnapshot after, NoteDocument? oldNote, NoteDocument? newNote, NotesConfig config)
    {
        var affected = DiagnosticsScope.Affected(before, after, oldNote, newNote, config);
        foreach (var note in after.Notes.Values)
        {
            if (affected.Contains(note.Path)) continue;
            var was = before[note.Path];
            if (was is null) continue;
            var d0 = Describe(NoteDiagnostics.Compute(before, was, config));
            var d1 = Describe(NoteDiagnostics.Compute(after, note, config));
            Assert.True(d0 == d1, $"{note.Path} changed but was not in the affected set:\n{d0}\n---\n{d1}");
        }
    }

    private static void AssertFileAffectedCovers(WorkspaceSnapshot before, WorkspaceSnapshot after, string fileName, NotesConfig config)
    {
        var affected = DiagnosticsScope.AffectedByAttachment(after, fileName);
        foreach (var note in after.Notes.Values)
        {
            if (affected.Contains(note.Path)) continue;
            var d0 = Describe(NoteDiagnostics.Compute(before, note, config));
            var d1 = Describe(NoteDiagnostics.Compute(after, note, config));
            Assert.True(d0 == d1, $"{note.Path} changed when {fileName} came or went but was not in the affected set:\n{d0}\n---\n{d1}");
        }
    }

    private static string Describe(IEnumerable<NoteDiagnostic> ds) =>
        string.Join("\n", ds.Select(d => $"{d.Span} {d.Code} {d.Message}"));
}
