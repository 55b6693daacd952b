using Notes.Core.Citations;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Core.Text;
using Notes.Testing;

namespace Notes.Core.Tests.Features;

/// <summary>Citations as links to papers, as data: a fixture with a bibliography, a cursor, and the answer rendered inline.</summary>
public class CitationFeatureTests
{
    private const string Bib = """
        //- /refs.bib
        @string{nips = "Advances in Neural Information Processing Systems"}
        @inproceedings{vaswani2017,
          author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki},
          title = {Attention Is All You Need},
          booktitle = nips,
          year = 2017,
          eprint = {1706.03762}, archivePrefix = {arXiv}
        }
        @article{brown2020,
          author = {Brown, Tom B. and Mann, Benjamin},
          title = {Language Models are Few-Shot Learners},
          journal = {arXiv},
          year = {2020}
        }
        @book{goodfellow2016,
          author = {Goodfellow, Ian and Bengio, Yoshua and Courville, Aaron},
          title = {Deep Learning},
          publisher = {MIT Press},
          year = {2016}
        }
        """;

    private static string Text(WorkspaceSnapshot ws, string path, TextSpan span) =>
        ws[path] is { } n ? n.Syntax.Text.Substring(span.Start, span.Length) : ws.Citations.Files[path].Lines.Text.Substring(span.Start, span.Length);

    private static string Render(WorkspaceSnapshot ws, NoteLocation l)
    {
        var lines = ws[l.Path]?.Syntax.Lines ?? ws.Citations.Files[l.Path].Lines;
        var p = lines.ToPosition(l.Span.Start);
        return $"{NotePath.Relative(l.Path, Fixture.Root)}:{p.Line}:{p.Character} {Text(ws, l.Path, l.Span)}";
    }

    private static void Completes(string fixture, string expected, int limit = 10)
    {
        var f = Fixture.Parse(Bib + "\n" + fixture);
        var ws = f.Snapshot();
        var note = f.CursorNote(ws);
        var result = Completion.Complete(ws, note, f.CursorOffset, NotesConfig.Default, limit);
        var lines = result.Items.Select(i => $"{i.Kind} {i.Label} · {i.Detail} [{note.Syntax.Text.Substring(i.Replace.Start, i.Replace.Length)}]");
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), string.Join("\n", lines));
    }

    [Fact] public void KeysAfterBracketAt() => Completes("""
        //- /a.md
        As shown [@vas$0].
        """, """
        Citation vaswani2017 · Vaswani et al. (2017) Attention Is All You Need [vas]
        """);

    [Fact] public void KeysMatchTheTitleAndAuthors() => Completes("""
        //- /a.md
        As shown [@few$0
        """, """
        Citation brown2020 · Brown & Mann (2020) Language Models are Few-Shot Learners [few]
        """);

    [Fact] public void EveryKeyAfterABareBracketAt() => Completes("""
        //- /a.md
        As shown [@$0]
        """, """
        Citation brown2020 · Brown & Mann (2020) Language Models are Few-Shot Learners []
        Citation goodfellow2016 · Goodfellow et al. (2016) Deep Learning []
        Citation vaswani2017 · Vaswani et al. (2017) Attention Is All You Need []
        """);

    [Fact] public void TheSecondKeyOfAListAndSuppressedAuthor() => Completes("""
        //- /a.md
        As shown [see @vaswani2017, p. 3; -@goo$0dfellow2016].
        """, """
        Citation goodfellow2016 · Goodfellow et al. (2016) Deep Learning [goodfellow2016]
        """);

    [Fact] public void InTextAfterASpace() => Completes("""
        //- /a.md
        Then @bro$0 says
        """, """
        Citation brown2020 · Brown & Mann (2020) Language Models are Few-Shot Learners [bro]
        """);

    [Theory]
    [InlineData("Mail jane@ex$0")]
    [InlineData("Code `[@va$0`")]
    [InlineData("See [[note@va$0")]
    public void NoKeysWhereNoCitationStarts(string line) => Completes("//- /a.md\n" + line + "\n", "");

    private static void Hovers(string fixture, string expected)
    {
        var f = Fixture.Parse(Bib + "\n" + fixture);
        var ws = f.Snapshot();
        var hover = Hover.At(ws, f.CursorNote(ws), f.CursorOffset);
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), hover?.Markdown.Trim() ?? "(none)");
    }

    [Fact] public void HoverShowsTheReferenceTheCountAndTheLiteratureNote() => Hovers("""
        //- /a.md
        As shown [@vasw$0ani2017].
        //- /b.md
        Also @vaswani2017.
        //- /lit/attention.md
        ---
        citekey: vaswani2017
        ---
        # Attention paper
        """, """
        Vaswani, A., Shazeer, N., & Parmar, N. (2017). *Attention Is All You Need*. Advances in Neural Information Processing Systems.

        [arXiv:1706.03762](https://arxiv.org/abs/1706.03762)

        ---

        `@vaswani2017` · cited by 2 notes · refs.bib

        Literature note: **Attention paper** (`lit/attention.md`)
        """);

    [Fact] public void HoverOnAnUnknownBracketedKey() => Hovers("""
        //- /a.md
        As shown [@nobo$0dy2020].
        """, "**No entry `nobody2020` in the bibliography**");

    [Fact] public void NoHoverOnAHandle() => Hovers("""
        //- /a.md
        Thanks @jan$0e for the tip.
        """, "(none)");

    private static void Defines(string fixture, string expected)
    {
        var f = Fixture.Parse(Bib + "\n" + fixture);
        var ws = f.Snapshot();
        var result = Navigation.Definition(ws, f.CursorNote(ws), f.CursorOffset);
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), string.Join("\n", result.Select(l => Render(ws, l))));
    }

    [Fact] public void DefinitionIsTheEntryThenTheLiteratureNotes() => Defines("""
        //- /a.md
        As shown [@vaswani$02017].
        //- /lit/attention.md
        ---
        citekey: vaswani2017
        ---
        # Attention paper
        //- /@brown2020.md
        # GPT-3 paper
        """, """
        refs.bib:1:15 vaswani2017
        lit/attention.md:1:9 vaswani2017
        """);

    [Fact] public void DefinitionFindsALiteratureNoteByItsFileName() => Defines("""
        //- /a.md
        As shown [@brown2$0020].
        //- /@brown2020.md
        # GPT-3 paper
        //- /goodfellow2016.md
        # Deep learning book
        """, """
        refs.bib:8:9 brown2020
        @brown2020.md:0:0 # GPT-3 paper
        """);

    private static void Refers(string fixture, string expected)
    {
        var f = Fixture.Parse(Bib + "\n" + fixture);
        var ws = f.Snapshot();
        var result = Navigation.References(ws, f.CursorNote(ws), f.CursorOffset, includeDeclaration: false);
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), string.Join("\n", result.Select(r => Render(ws, r.Location))));
    }

    [Fact] public void ReferencesAreEveryCitationOfTheKey() => Refers("""
        //- /a.md
        As shown [@vaswani$02017; @brown2020].
        //- /b.md
        Also @vaswani2017 and again [-@vaswani2017, p. 2].
        //- /c.md
        Not this: [@brown2020].
        """, """
        a.md:0:10 @vaswani2017
        b.md:0:5 @vaswani2017
        b.md:0:29 -@vaswani2017
        """);

    [Fact] public void ALiteratureNotesBacklinksIncludeItsCitations() => Refers("""
        //- /lit/attention.md
        ---
        citekey: vaswani2017
        ---
        # Attention$0 paper
        //- /a.md
        As shown [@vaswani2017].
        //- /b.md
        See [[attention]].
        """, """
        b.md:0:4 [[attention]]
        a.md:0:10 @vaswani2017
        """);

    private static void Diagnoses(string fixture, string expected)
    {
        var f = Fixture.Parse(fixture);
        var ws = f.Snapshot();
        var lines = new List<string>();
        foreach (var n in ws.All.OrderBy(n => n.Path, StringComparer.Ordinal))
            foreach (var d in NoteDiagnostics.Compute(ws, n, NotesConfig.Default).Where(d => d.Code.Contains("cit")))
                lines.Add($"{n.RelativePath}:{n.Syntax.Lines.ToPosition(d.Span.Start)} {d.Code}: {d.Message}");
        foreach (var file in ws.Citations.Files.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
            foreach (var d in CitationFeatures.ForFile(ws, file, NotesConfig.Default))
                lines.Add($"{file.FileName}:{file.Lines.ToPosition(d.Span.Start)} {d.Code}: {d.Message}");
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), string.Join("\n", lines));
    }

    [Fact] public void UnknownKeysWithTheNearestAsTheFix() => Diagnoses(Bib + """

        //- /a.md
        As shown [@vaswani2018] and [@nobody1999]; @handle is no citation.
        """, """
        a.md:(0,11) unknown-citation: No entry 'vaswani2018' in the bibliography; did you mean 'vaswani2017'?
        a.md:(0,30) unknown-citation: No entry 'nobody1999' in the bibliography
        """);

    [Fact] public void NoUnknownKeysWithoutABibliography() => Diagnoses("""
        //- /a.md
        As shown [@vaswani2018].
        """, "");

    [Fact] public void KeysDefinedTwiceAndLiteratureNotesOfNoEntry() => Diagnoses(Bib + """

        //- /more.bib
        @misc{brown2020, title = {Again}}
        //- /lit/x.md
        ---
        citekey: smith2001
        ---
        # X
        """, """
        lit/x.md:(1,9) unknown-citekey: This literature note's key 'smith2001' is in no bibliography
        refs.bib:(8,9) duplicate-citation-key: 'brown2020' is also defined in more.bib
        """);

    [Fact] public void ANotesOwnBibliographyIsTheOnlyOneThatCountsForIt()
    {
        var f = Fixture.Parse(Bib + """

            //- /other.bib
            @misc{smith2001, title = {Other}}
            //- /a.md
            ---
            bibliography: other.bib
            ---
            Cites [@smith2001] and [@vaswani2017].
            """);
        var ws = WorkspaceSnapshot.Build([Fixture.Root], f.Files.Where(kv => Fixture.IsNote(kv.Key)).Select(kv => Fixture.Document(kv.Key, kv.Value)), null, null,
            f.Bibliographies("refs.bib"));
        var a = ws[Fixture.FullPath("a.md")]!;
        var d = Assert.Single(NoteDiagnostics.Compute(ws, a, NotesConfig.Default).Where(x => x.Code == DiagnosticCodes.UnknownCitation));
        Assert.Equal("vaswani2017", a.Syntax.Text.Substring(d.Span.Start, d.Span.Length));
    }

    [Fact] public void CreatesTheLiteratureNoteBesideTheOthers()
    {
        var f = Fixture.Parse(Bib + """

            //- /daily/a.md
            As shown [@vaswa$0ni2017].
            //- /papers/gpt3.md
            ---
            citekey: brown2020
            ---
            # GPT-3
            """);
        var ws = f.Snapshot();
        var note = f.CursorNote(ws);
        var action = Assert.Single(CodeActions.At(ws, note, new TextSpan(f.CursorOffset, f.CursorOffset), NotesConfig.Default));
        Assert.Equal("Create literature note 'vaswani2017.md'", action.Title);
        var create = Assert.Single(action.Creates);
        Assert.Equal(Fixture.FullPath("papers/vaswani2017.md"), create.Path);
        Assert.Equal("""
            ---
            title: Attention Is All You Need
            citekey: vaswani2017
            authors: [Ashish Vaswani, Noam Shazeer, Niki Parmar]
            year: 2017
            ---

            # Attention Is All You Need


            """.ReplaceLineEndings("\n"), create.Content);
        // The new note is the key's literature note: definition finds it, and no second action is offered.
        var after = ws.WithNote(NoteDocument.Create(create.Path, Fixture.Root, Core.Syntax.NoteParser.Parse(create.Content, "vaswani2017")));
        Assert.Contains(Navigation.Definition(after, after[note.Path]!, f.CursorOffset), l => l.Path == create.Path);
        Assert.Empty(CodeActions.At(after, after[note.Path]!, new TextSpan(f.CursorOffset, f.CursorOffset), NotesConfig.Default));
    }

    [Fact] public void TheNearestKeyIsAFix()
    {
        var f = Fixture.Parse(Bib + "\n//- /a.md\nAs shown [@vaswani201$08].\n");
        var ws = f.Snapshot();
        var action = Assert.Single(CodeActions.At(ws, f.CursorNote(ws), new TextSpan(f.CursorOffset, f.CursorOffset), NotesConfig.Default));
        Assert.Equal("Change @vaswani2018 to @vaswani2017", action.Title);
    }

    [Theory]
    [InlineData(false, "a.md: vaswani2017→attention2017 | b.md: vaswani2017→attention2017 | lit.md: vaswani2017→attention2017")]
    [InlineData(true, "a.md: vaswani2017→attention2017 | b.md: vaswani2017→attention2017 | lit.md: vaswani2017→attention2017 | refs.bib: vaswani2017→attention2017")]
    public void RenameAKeyEverywhere(bool inBibliography, string expected)
    {
        var f = Fixture.Parse(Bib + """

            //- /a.md
            As shown [@vaswa$0ni2017; @brown2020].
            //- /b.md
            Also @vaswani2017 says.
            //- /lit.md
            ---
            citekey: "@vaswani2017"
            ---
            # Attention
            """);
        var ws = f.Snapshot();
        var note = f.CursorNote(ws);
        Assert.Equal("vaswani2017", Rename.Prepare(ws, note, f.CursorOffset, out _)!.Placeholder);
        var plan = Rename.Apply(ws, note, f.CursorOffset, "attention2017", keysInBibliography: inBibliography).Plan!;
        var rendered = plan.Edits.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .SelectMany(kv => kv.Value.Select(e => $"{NotePath.Relative(kv.Key, Fixture.Root)}: {Text(ws, kv.Key, e.Span)}→{e.NewText}"));
        Assert.Equal(expected, string.Join(" | ", rendered));
    }

    [Theory]
    [InlineData("brown2020", "'brown2020' is already a key of the bibliography.")]
    [InlineData("bad key", "A citation key cannot hold ' '.")]
    [InlineData("-x", "A citation key starts with a letter, a digit or '_': '-x'.")]
    public void RenameRefusesABadKey(string newKey, string error)
    {
        var f = Fixture.Parse(Bib + "\n//- /a.md\nAs shown [@vaswa$0ni2017].\n");
        var ws = f.Snapshot();
        Assert.Equal(error, Rename.Apply(ws, f.CursorNote(ws), f.CursorOffset, newKey).Error);
    }

    // The entry of a .bib at the cursor ($0), as references, definition and hover asked in the library find it: "key
    // [start,end)" of the key, or "none".
    [Theory]
    [InlineData("@article{vas$0wani2017, title = {A}}", "vaswani2017 [9,20)")]
    [InlineData("@article{vaswani2017,\n  title = {Atten$0tion 🎯 Is All},\n}", "vaswani2017 [9,20)")]
    [InlineData("@article{a, title = {A}}\n\n  @book(b2,\r\n  title = {B $0 😀}\r\n)\n@misc{c}", "b2 [34,36)")]
    [InlineData("@string{jmlr = {Journal of $0ML}}\n@article{x, journal = jmlr}", "none")]
    [InlineData("@article{a, title = {A}}\njunk between $0 entries\n@misc{b, title = {B}}", "none")]
    [InlineData("preamble text $0\n@misc{b, title = {B}}", "none")]
    [InlineData("@misc{a, title = {A}}\n@misc{b, title = {B}}$0", "b [28,29)")]
    [InlineData("@misc{a, abstract = {a line\n@ that starts with an at}, note = {$0}}", "none")]
    public void TheEntryAtTheCursorOfABibliography(string fixture, string expected)
    {
        int at = fixture.IndexOf("$0", StringComparison.Ordinal);
        var text = fixture.Remove(at, 2);
        var found = CitationFeatures.BibEntryAt(text, at);
        Assert.Equal(expected, found is { } f ? $"{f.Key} [{f.KeySpan.Start},{f.KeySpan.End})" : "none");
        if (found is { } hit) Assert.Equal(hit.Key, text[hit.KeySpan.Start..hit.KeySpan.End]);
    }

    [Fact] public void TheWordStartIndexGivesWhatEveryEntryWould()
    {
        var bib = Citations.BibGenerator.Generate(600) + "@misc{x:y/z-1, title = {Ünïcode Ökonomie}}\n@misc{Ab, title = {ab ab}}\n";
        // The note's own references (scored one above the library's) with keys and titles like the library's.
        const string own = "---\nreferences:\n- id: gomez-own\n  title: Vaswani on sparse attention\n- id: va-own\n  title: Gradient memory\n" +
            "- id: shazeer-notes\n  title: Deep graph reasoning\n- id: at\n  title: Attention\n---\n";
        var f = Fixture.Parse("//- /lib.bib\n" + bib + "\n//- /a.md\n" + own + "See [@x\n");
        var ws = f.Snapshot();
        var note = ws[Fixture.FullPath("a.md")]!;
        Assert.Equal(4, note.References.Length);
        var rng = new Random(7);
        var words = ws.Citations.Keys.SelectMany(k => ws.Citations.Definitions(k)).SelectMany(d => BibFormat.SearchText(d.Entry).Split(' ')).Where(w => w.Length > 0).ToArray();
        var keys = ws.Citations.Keys.ToArray();
        // Key starts too, with small limits: the keys starting with what was typed then fill the list alone (the tier
        // taken apart, the rest only counted), and the oracle must see that case as often as the others.
        int filledByKeys = 0, mixed = 0;
        string previous = "";
        for (int i = 0; i < 1200; i++)
        {
            var w = rng.Next(3) == 0 ? keys[rng.Next(keys.Length)] : words[rng.Next(words.Length)];
            var typed = rng.Next(10) == 0 ? "" + (char)('a' + rng.Next(26)) + (char)('a' + rng.Next(26)) + (char)('a' + rng.Next(26)) : w[..Math.Min(w.Length, rng.Next(0, 5))];
            if (rng.Next(8) == 0) typed = typed.ToUpperInvariant();
            // Half the time the previous query typed further, a letter at a time (the previous matches narrowed).
            if (i > 0 && rng.Next(2) == 0) typed = previous + (rng.Next(4) == 0 ? (char)('a' + rng.Next(26)) : w.Length > previous.Length ? w[previous.Length] : 'e');
            previous = typed;
            int limit = rng.Next(2) == 0 ? 50 : rng.Next(1, 8);
            var line = "See [@" + typed;
            var text = note.Syntax.Text;
            int lineStart = text.LastIndexOf('\n', text.Length - 2) + 1;
            var indexed = CitationFeatures.Complete(ws, note, lineStart, lineStart + line.Length, line, "", limit, default);
            var scanned = CitationFeatures.Complete(ws, note, lineStart, lineStart + line.Length, line, "", limit, default, fullScan: true);
            Assert.Equal(string.Join(",", scanned?.Items.Select(x => x.Label) ?? []), string.Join(",", indexed?.Items.Select(x => x.Label) ?? []));
            Assert.Equal(scanned?.IsIncomplete, indexed?.IsIncomplete);
            if (scanned is { IsIncomplete: true } && typed.Length > 0)
                if (scanned.Items.All(x => x.Label.StartsWith(typed, StringComparison.OrdinalIgnoreCase))) filledByKeys++; else mixed++;
        }
        Assert.True(filledByKeys >= 50 && mixed >= 50, $"{filledByKeys} lists filled by key starts, {mixed} mixed");
    }

    [Fact] public void TheNotesABibliographyRewriteRechecksAreEveryNoteWhoseDiagnosticsChange()
    {
        var rng = new Random(21);
        string[] keys = ["vaswani2017", "vaswani2018", "brown2020", "brwn2020", "goodfellow2016", "smith2001", "x:y/z"];
        string Library(IEnumerable<string> ks, int version) => string.Concat(ks.Select(k => $"@article{{{k}, title = {{T{version} {k}}}, year = {2000 + version % 20}}}\n"));
        var files = new Dictionary<string, string> { ["/a.bib"] = Library(keys[..3], 0), ["/b.bib"] = Library(keys[3..5], 0) };
        var notes = new List<NoteDocument>();
        for (int i = 0; i < 14; i++)
        {
            var path = Fixture.FullPath($"n{i}.md");
            var text = i % 5 == 0 ? $"---\ncitekey: {keys[rng.Next(keys.Length)]}\n---\n" : i % 7 == 3 ? "---\nbibliography: b.bib\n---\n" : "";
            for (int c = rng.Next(1, 4); c > 0; c--) text += $"See [@{keys[rng.Next(keys.Length)]}]. ";
            notes.Add(NoteDocument.Create(path, Fixture.Root, Core.Syntax.NoteParser.Parse(text, NotePath.Stem(path))));
        }
        BibliographyFile File(string name, string text, bool inDefault) => BibliographyFile.FromText(Fixture.FullPath(name), Fixture.Root, text, inDefault)!;
        var ws = WorkspaceSnapshot.Build([Fixture.Root], notes, null, null, files.Select(kv => File(kv.Key, kv.Value, true)));
        int fieldsOnly = 0;
        for (int step = 0; step < 300; step++)
        {
            var name = rng.Next(2) == 0 ? "/a.bib" : "/b.bib";
            var path = Fixture.FullPath(name);
            var current = ws.Citations.Files.GetValueOrDefault(path);
            var ks = current?.Bibliography.Entries.Select(e => e.Key).ToList() ?? [];
            WorkspaceSnapshot next;
            int what = rng.Next(10);
            if (what == 0 && current is not null) next = ws.WithoutBibliography(path);
            else if (what == 1 && current is not null) next = ws.WithBibliography(current with { InDefaultSet = !current.InDefaultSet });
            else
            {
                // Zotero's rewrite: the whole file, with a key added or dropped, or only fields changed.
                if (what == 2 && ks.Count > 0) ks.RemoveAt(rng.Next(ks.Count));
                else if (what == 3) ks.Add(keys[rng.Next(keys.Length)]);
                var file = File(name, Library(ks.Distinct(), step), current?.InDefaultSet ?? true);
                next = ws.WithBibliography(file);
            }
            var affected = DiagnosticsScope.AffectedByBibliography(ws, next, path);
            if (what >= 4 && current is not null)
            {
                Assert.Empty(affected); // fields alone changed
                fieldsOnly++;
            }
            foreach (var note in next.Notes.Values)
            {
                if (affected.Contains(note.Path)) continue;
                string Describe(WorkspaceSnapshot s) => string.Join("\n", NoteDiagnostics.Compute(s, s[note.Path]!, NotesConfig.Default).Select(d => $"{d.Span} {d.Code} {d.Message}"));
                var (d0, d1) = (Describe(ws), Describe(next));
                Assert.True(d0 == d1, $"step {step}: {note.Path} changed but was not rechecked:\n{d0}\n---\n{d1}");
            }
            ws = next;
        }
        Assert.True(fieldsOnly > 100, $"{fieldsOnly} rewrites changed fields only");
    }

    [Fact] public void IncrementalIndexEqualsARebuild()
    {
        var rng = new Random(20);
        var f = Fixture.Parse(Bib);
        var ws = f.Snapshot();
        var notes = new Dictionary<string, NoteDocument>();
        string[] keys = ["vaswani2017", "brown2020", "goodfellow2016", "smith2001", "x:y/z"];
        for (int step = 0; step < 400; step++)
        {
            var path = Fixture.FullPath($"n{rng.Next(12)}.md");
            if (rng.Next(6) == 0 && notes.Remove(path)) { ws = ws.WithoutNote(path); }
            else
            {
                var text = rng.Next(3) == 0 ? $"---\ncitekey: {keys[rng.Next(keys.Length)]}\n---\n# T\n" : "";
                for (int i = rng.Next(4); i > 0; i--) text += rng.Next(2) == 0 ? $"See [@{keys[rng.Next(keys.Length)]}]. " : $"And @{keys[rng.Next(keys.Length)]} says. ";
                var doc = NoteDocument.Create(path, Fixture.Root, Core.Syntax.NoteParser.Parse(text, NotePath.Stem(path)));
                notes[path] = doc;
                ws = ws.WithNote(doc);
            }
            if (step % 50 == 0) ws = ws.WithBibliography(ws.Citations.Files.Values.First() with { InDefaultSet = rng.Next(2) == 0 });
            var rebuilt = WorkspaceSnapshot.Build([Fixture.Root], notes.Values, null, null, ws.Citations.Files.Values);
            Assert.Equal(rebuilt.Citations.Dump(), ws.Citations.Dump());
        }
    }
}
