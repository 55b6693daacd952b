using Notes.FileSystem;
using Notes.Lsp.Protocol.Lsp;
using Notes.Lsp.Server.Hosting;
using Notes.Lsp.Server.Protocol;
using Notes.Lsp.Server.Tests.Harness;
using Notes.Testing;
using static Notes.Lsp.Protocol.Lsp.LspJsonContext;

namespace Notes.Lsp.Server.Tests;

/// <summary>
/// Issue 17's rules through the real server: template files named by the vault's own app settings are not notes (and
/// the server follows those settings when they change); a name two notes share means the one beside the link.
/// Each answer is rendered whole and compared with the expectation written beside it.
/// </summary>
public class TemplateAndNeighbourTests
{
    private const string TemplateVault = """
        //- /.obsidian/templates.json
        {"folder": "Templates", "dateFormat": "YYYY-MM-DD"}
        //- /Templates/Paper.md
        # {{title}}
        Read for [[Project]]; see [[No such note]]. #todo
        //- /Project.md
        # Project
        [[Method]] on [[{{date}}]] and [[<% tp.date.now() %>]]
        //- /Method.md
        # Method
        [[Project]] and [[Gone]]
        """;

    private static TextDocumentIdentifier Doc(string relative) => new(LspHarness.Uri(relative));

    /// <summary>What each feature says about the vault, one line per answer.</summary>
    private static async Task<string> Answers(LspHarness h)
    {
        await h.Settled();
        var lines = new List<string>();
        foreach (var file in new[] { "Method.md", "Project.md", "Templates/Paper.md" })
            lines.Add($"diagnostics {file}: {string.Join(", ", h.Published(file).Select(d => d.Code))}");
        var refs = await h.Request("textDocument/references", new ReferenceParams(Doc("Project.md"), new Position(0, 3), new ReferenceContext(false)),
            Default.ReferenceParams, Default.LocationArray);
        lines.Add("references Project: " + string.Join(", ", refs.Select(Render.Of).Order(StringComparer.Ordinal)));
        var lenses = await h.Request("textDocument/codeLens", new CodeLensParams(Doc("Project.md")), Default.CodeLensParams, Default.CodeLensArray);
        lines.Add("lens Project: " + string.Join(", ", lenses.Select(l => l.Command!.Title)));
        var backlinks = await h.Request("notes/backlinks", new BacklinksParams(Doc("Project.md")), NotesJsonContext.Default.BacklinksParams, NotesJsonContext.Default.BacklinksResult);
        lines.Add("backlinks Project: " + string.Join(", ", backlinks.Items.Select(i => Render.Path(i.Uri)).Order(StringComparer.Ordinal)));
        var graph = await h.Request("notes/graph", new GraphParams(null, null), NotesJsonContext.Default.GraphParams, NotesJsonContext.Default.GraphResult);
        lines.Add("graph: " + string.Join(", ", graph.Nodes.Select(n => n.Missing ? "missing:" + n.Label : n.Path).Order(StringComparer.Ordinal)) + " | " + graph.Edges.Length + " edges");
        var hover = await h.Request("textDocument/hover", new TextDocumentPositionParams(Doc("Templates/Paper.md"), new Position(1, 12)),
            Default.TextDocumentPositionParams, Default.Hover);
        lines.Add("hover in Paper: " + hover.Contents.Value.Split('\n')[0]);
        var syntax = await h.Request("textDocument/hover", new TextDocumentPositionParams(Doc("Project.md"), new Position(1, 17)),
            Default.TextDocumentPositionParams, Default.Hover);
        lines.Add("hover on {{date}}: " + syntax.Contents.Value);
        return Render.Lines(lines.Select(l => l.TrimEnd()));
    }

    [Fact]
    public async Task TemplatesNamedByTheAppSettingsAreNotNotes_AndTheSettingsAreFollowed()
    {
        await using var h = await LspHarness.StartAsync(TemplateVault);
        await h.Diagnostics("Method.md", ds => ds.Length == 1);
        Assert.Equal(Render.Trimmed("""
            diagnostics Method.md: broken-link
            diagnostics Project.md:
            diagnostics Templates/Paper.md:
            references Project: Method.md 1:0-1:11
            lens Project: 1 backlink
            backlinks Project: Method.md
            graph: Method.md, Project.md, missing:gone | 3 edges
            hover in Paper: *This file is a template: its links are not checked and are no backlinks.*
            hover on {{date}}: Template syntax: `{{date}}` is filled in when the template is used; not checked.
            """), await Answers(h));

        // The user points the Templates plugin elsewhere: Paper.md is a note again, checked and counted.
        Assert.Equal(["**/*"], Reload.WatchedGlobs); // the client watches every file: the app's settings files too (VS Code's globs match dot files)
        h.Vault.Files[Fixture.FullPath(".obsidian/templates.json")] = """{"folder": "Elsewhere"}""";
        await h.Watched(".obsidian/templates.json", FileChangeType.Changed);
        await h.Diagnostics("Templates/Paper.md", ds => ds.Length == 1);
        Assert.Equal(Render.Trimmed("""
            diagnostics Method.md: broken-link
            diagnostics Project.md:
            diagnostics Templates/Paper.md: broken-link
            references Project: Method.md 1:0-1:11, Templates/Paper.md 1:9-1:20
            lens Project: 2 backlinks
            backlinks Project: Method.md, Templates/Paper.md
            graph: Method.md, Project.md, Templates/Paper.md, missing:gone, missing:no-such-note | 5 edges
            hover in Paper: **Project**
            hover on {{date}}: Template syntax: `{{date}}` is filled in when the template is used; not checked.
            """), await Answers(h));
    }

    [Fact]
    public async Task TemplaterAndNotesJsonTemplatesToo()
    {
        await using var h = await LspHarness.StartAsync("""
            //- /.obsidian/plugins/templater-obsidian/data.json
            {"command_timeout": 5, "templates_folder": "meta/templater", "trigger_on_file_creation": true}
            //- /.notes.json
            {"templates": ["inbox-template.md"]}
            //- /meta/templater/daily.md
            [[<% tp.date.yesterday() %>]] [[nowhere]]
            //- /inbox-template.md
            [[nowhere]]
            //- /a.md
            [[nowhere]]
            """);
        await h.Diagnostics("a.md", ds => ds.Length == 1);
        await h.Settled();
        Assert.Empty(h.Published("meta/templater/daily.md"));
        Assert.Empty(h.Published("inbox-template.md"));
    }

    private const string SharedName = """
        //- /a/threat model.md
        See [[Security and privacy]].
        //- /c/index.md
        See [[Security and privacy]].
        //- /a/Security and privacy.md
        # Security and privacy (a)
        //- /b/Security and privacy.md
        # Security and privacy (b)
        """;

    [Fact]
    public async Task ASharedNameMeansTheNoteBesideTheLink()
    {
        await using var h = await LspHarness.StartAsync(SharedName);
        var c = await h.Diagnostics("c/index.md", ds => ds.Length == 1);
        await h.Settled();
        var lines = new List<string>
        {
            "diagnostics a/threat model.md: " + string.Join(", ", h.Published("a/threat model.md").Select(d => d.Code)),
            "diagnostics c/index.md: " + string.Join(", ", c.Select(d => d.Code)),
        };
        var definition = await h.Request("textDocument/definition", new TextDocumentPositionParams(Doc("a/threat model.md"), new Position(0, 8)),
            Default.TextDocumentPositionParams, Default.LocationArray);
        lines.Add("definition from a/: " + string.Join(", ", definition.Select(Render.Of)));
        var hover = await h.Request("textDocument/hover", new TextDocumentPositionParams(Doc("a/threat model.md"), new Position(0, 8)),
            Default.TextDocumentPositionParams, Default.Hover);
        lines.Add("hover from a/: " + hover.Contents.Value.Split('\n')[2].Split(" · ")[0]);
        foreach (var target in new[] { "a/Security and privacy.md", "b/Security and privacy.md" })
        {
            var refs = await h.Request("textDocument/references", new ReferenceParams(Doc(target), new Position(0, 3), new ReferenceContext(false)),
                Default.ReferenceParams, Default.LocationArray);
            lines.Add($"references {target}: " + string.Join(", ", refs.Select(r => Render.Path(r.Uri)).Order(StringComparer.Ordinal)));
        }
        Assert.Equal(Render.Trimmed("""
            diagnostics a/threat model.md:
            diagnostics c/index.md: ambiguous-link
            definition from a/: a/Security and privacy.md 0:0-0:26
            hover from a/: Resolved to the note beside this one; another note of that name is in `b/`
            references a/Security and privacy.md: a/threat model.md, c/index.md
            references b/Security and privacy.md: c/index.md
            """), Render.Lines(lines.Select(l => l.TrimEnd())));

        // A neighbour appears beside c/index.md: its link resolves there (no diagnostic); it goes: ambiguous again.
        h.Vault.Files[Fixture.FullPath("c/Security and privacy.md")] = "# Security and privacy (c)\n";
        await h.Watched("c/Security and privacy.md", FileChangeType.Created);
        await h.Diagnostics("c/index.md", ds => ds.Length == 0);
        h.Vault.Files.TryRemove(Fixture.FullPath("c/Security and privacy.md"), out _);
        await h.Watched("c/Security and privacy.md", FileChangeType.Deleted);
        var again = await h.Diagnostics("c/index.md", ds => ds.Length == 1);
        Assert.Equal("'Security and privacy' matches 2 notes: a/Security and privacy.md, b/Security and privacy.md", again[0].Message);
    }
}
