using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Testing;

namespace Notes.Core.Tests.Features;

/// <summary>
/// Template files are not notes. Each case is a vault and its template globs, and the answer rendered whole: every
/// note's diagnostics and backlinks, the tag counts, orphans, dead ends and the graph's edges.
/// </summary>
public class TemplateTests
{
    private static string Report(string fixture, params string[] templates)
    {
        var f = Fixture.Parse(fixture);
        var config = NotesConfig.Default with { Templates = [.. templates] };
        var ws = f.Snapshot(config.TemplatePatterns);
        var lines = new List<string>();
        foreach (var note in ws.All.OrderBy(n => n.Path, StringComparer.Ordinal))
        {
            var ds = NoteDiagnostics.Compute(ws, note, config).Select(d => d.Code);
            var backlinks = Navigation.NoteRefs(ws, note, includeDeclaration: false).Select(r => ws[r.Location.Path]!.RelativePath);
            lines.Add($"{note.RelativePath}{(ws.IsTemplate(note) ? " (template)" : "")}: diagnostics [{string.Join(", ", ds)}] backlinks [{string.Join(", ", backlinks)}]" +
                $" lens {Structure.Lenses(ws, note).FirstOrDefault()?.Title ?? "-"}");
        }
        lines.Add("tags: " + string.Join(", ", ws.TagCounts.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"#{t.Key} {t.Value}")));
        lines.Add("orphans: " + string.Join(", ", Queries.Orphans(ws).Select(n => n.RelativePath)));
        lines.Add("dead ends: " + string.Join(", ", Queries.DeadEnds(ws).Select(n => n.RelativePath)));
        var graph = LinkGraph.Build(ws, null, 0);
        lines.Add("graph: " + string.Join(", ", graph.Nodes.Select(n => n.Missing ? n.Id : ws[n.Id]!.RelativePath)) + " | " +
            string.Join(", ", graph.Edges.Select(e => $"{Short(e.From)}->{Short(e.To)}")));
        return string.Join("\n", lines);

        string Short(string id) => ws[id]?.RelativePath ?? id;
    }

    private const string Vault = """
        //- /Templates/Paper.md
        ---
        title: {{title}}
        tags: [paper, Paper]
        ---
        # {{title}}
        Read for [[Project]]; see [[No such note]] and [[Method#No such heading]].
        #todo #atention
        //- /Project.md
        # Project
        [[Method]] and #attention #attention #attention
        //- /Method.md
        # Method
        [[Project]]
        """;

    [Fact] public void TemplatesGetNoDiagnosticsAndCountNowhere() => Assert.Equal("""
        Method.md: diagnostics [] backlinks [Project.md] lens 1 backlink
        Project.md: diagnostics [] backlinks [Method.md] lens 1 backlink
        Templates/Paper.md (template): diagnostics [] backlinks [] lens 0 backlinks
        tags: #attention 3
        orphans: 
        dead ends: 
        graph: Method.md, Project.md | Method.md->Project.md, Project.md->Method.md
        """, Report(Vault, "Templates/**"));

    // The same vault without the template setting: the oracle the case above differs from.
    [Fact] public void WithoutTheSettingTheFileIsANote() => Assert.Equal("""
        Method.md: diagnostics [] backlinks [Project.md, Templates/Paper.md] lens 2 backlinks
        Project.md: diagnostics [] backlinks [Method.md, Templates/Paper.md] lens 2 backlinks
        Templates/Paper.md: diagnostics [broken-link, unknown-heading, tag-variant, tag-one-off] backlinks [] lens 0 backlinks
        tags: #Paper 1, #atention 1, #attention 3, #paper 1, #todo 1
        orphans: Templates/Paper.md
        dead ends: 
        graph: Method.md, Project.md, Templates/Paper.md, missing:no-such-note | Method.md->Project.md, Project.md->Method.md, Templates/Paper.md->Method.md, Templates/Paper.md->Project.md, Templates/Paper.md->missing:no-such-note
        """, Report(Vault));

    [Fact] public void AFileGlobAndAFolderNameWork() => Assert.Equal("""
        a.md: diagnostics [] backlinks [] lens 0 backlinks
        daily.md (template): diagnostics [] backlinks [] lens 0 backlinks
        tpl/x.md (template): diagnostics [] backlinks [] lens 0 backlinks
        tags: 
        orphans: a.md
        dead ends: a.md
        graph: a.md | 
        """, Report("""
        //- /a.md
        [[{{date}}]] and [[<% tp.date.now() %>]]
        //- /daily.md
        [[{{date}}]] and [[nothing]]
        //- /tpl/x.md
        [[nothing]]
        """, "daily.md", "tpl"));

    // A link to a template is a link (the template can be opened from it); only the template's own links are not.
    [Fact] public void LinksToATemplateResolve() => Assert.Equal("""
        Templates/Paper.md (template): diagnostics [] backlinks [index.md] lens 1 backlink
        index.md: diagnostics [] backlinks [] lens 0 backlinks
        tags: 
        orphans: index.md
        dead ends: 
        graph: index.md | 
        """, Report("""
        //- /Templates/Paper.md
        # Paper
        [[index]]
        //- /index.md
        Use [[Templates/Paper]].
        """, "Templates/**"));

    // A rename still rewrites the links in templates: they are real links once the template is used.
    [Fact]
    public void RenameRewritesLinksInTemplates()
    {
        var f = Fixture.Parse("""
            //- /Method.md
            # Method
            //- /Templates/Paper.md
            [[Method]]
            //- /a.md
            [[Met$0hod]]
            """);
        var ws = f.Snapshot(PathPatterns.Of(["Templates/**"]));
        var plan = Rename.Apply(ws, f.CursorNote(ws), f.CursorOffset, "Approach").Plan!;
        Assert.Equal(["/vault/Templates/Paper.md", "/vault/a.md"], plan.Edits.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("Templates/**", "Templates/Paper.md", true)]
    [InlineData("Templates/**", "Templates/sub/Paper.md", true)]
    [InlineData("Templates/**", "templates/Paper.md", true)] // case-insensitive, as the scanner's excludes
    [InlineData("Templates/**", "Templates.md", false)]
    [InlineData("Templates/**", "My Templates/Paper.md", false)]
    [InlineData("Templates", "Templates/Paper.md", true)] // a plain name is a file or a folder
    [InlineData("Templates", "TemplatesX/Paper.md", false)]
    [InlineData("/Templates/", "Templates/Paper.md", true)]
    [InlineData("tpl/zotero.md", "tpl/zotero.md", true)]
    [InlineData("tpl/zotero.md", "tpl/zotero.md.bak", false)]
    [InlineData("**/_template.md", "_template.md", true)]
    [InlineData("**/_template.md", "a/b/_template.md", true)]
    [InlineData("*.tpl.md", "x.tpl.md", true)]
    [InlineData("*.tpl.md", "dir/x.tpl.md", false)]
    [InlineData("day-??.md", "day-01.md", true)]
    [InlineData("day-??.md", "day-1.md", false)]
    [InlineData("a+b (1)/**", "a+b (1)/x.md", true)] // regex characters are literal
    public void Globs(string pattern, string path, bool matches) =>
        Assert.Equal(matches, PathPatterns.Of([pattern]).Matches(path));

    [Fact]
    public void HoverOnALinkInATemplateSaysSo()
    {
        var f = Fixture.Parse("""
            //- /Templates/Paper.md
            Read for [[Proj$0ect]].
            //- /Project.md
            # Project
            """);
        var ws = f.Snapshot(PathPatterns.Of(["Templates/**"]));
        var hover = Hover.At(ws, f.CursorNote(ws), f.CursorOffset)!.Markdown;
        Assert.StartsWith(Hover.InTemplate, hover, StringComparison.Ordinal);
        Assert.Contains("0 backlinks", hover, StringComparison.Ordinal);
        var plain = f.Snapshot();
        Assert.DoesNotContain(Hover.InTemplate, Hover.At(plain, f.CursorNote(plain), f.CursorOffset)!.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void HoverOnTemplateSyntaxSaysItIsNotChecked()
    {
        var f = Fixture.Parse("""
            //- /a.md
            Up: [[{{ti$0tle}}]]
            """);
        var ws = f.Snapshot();
        Assert.Equal("Template syntax: `{{title}}` is filled in when the template is used; not checked.",
            Hover.At(ws, f.CursorNote(ws), f.CursorOffset)!.Markdown);
    }

    [Fact]
    public void HoverOnANeighbourLinkNamesTheOtherFolder()
    {
        var f = Fixture.Parse("""
            //- /a/threat model.md
            See [[Security and pri$0vacy]].
            //- /a/Security and privacy.md
            # Security and privacy
            //- /b/Security and privacy.md
            # Security and privacy
            """);
        var ws = f.Snapshot();
        var hover = Hover.At(ws, f.CursorNote(ws), f.CursorOffset)!.Markdown;
        Assert.Contains("`a/Security and privacy.md`", hover, StringComparison.Ordinal);
        Assert.Contains("Resolved to the note beside this one; another note of that name is in `b/`", hover, StringComparison.Ordinal);
        Assert.DoesNotContain("Ambiguous", hover, StringComparison.Ordinal);
    }
}
