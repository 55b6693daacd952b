using Notes.Core.Config;
using Notes.Testing;

namespace Notes.FileSystem.Tests;

/// <summary>
/// The template folders a vault's own app settings name, read from disk: each case is the settings files as a fixture
/// (written to a temporary vault) and the globs expected, one per line. The shapes are those the plugins write:
/// Obsidian's Templates core plugin <c>{"folder": ...}</c>; Templater's <c>templates_folder</c> (its DEFAULT_SETTINGS,
/// SilentVoid13/Templater src/settings/Settings.ts); Zotero Integration's <c>exportFormats[].templatePath</c> and the
/// legacy header/annotation/footer paths (mgmeyers/obsidian-zotero-integration src/types.ts, ExportFormat).
/// </summary>
public class AppTemplatesTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        {
            "Templates core plugin",
            """
            //- /.obsidian/templates.json
            {
              "folder": "Templates",
              "dateFormat": "YYYY-MM-DD",
              "timeFormat": "HH:mm"
            }
            """,
            "Templates/**"
        },
        {
            "Templater, with the rest of its settings; a trailing slash is dropped",
            """
            //- /.obsidian/plugins/templater-obsidian/data.json
            {
              "command_timeout": 5,
              "templates_folder": "90 Meta/Templater/",
              "templates_pairs": [["", ""]],
              "trigger_on_file_creation": true,
              "folder_templates": [{ "folder": "Daily", "template": "90 Meta/Templater/daily.md" }],
              "enabled_templates_hotkeys": [""],
              "startup_templates": [""]
            }
            """,
            "90 Meta/Templater/**"
        },
        {
            "Templater's default: no folder",
            """
            //- /.obsidian/plugins/templater-obsidian/data.json
            { "command_timeout": 5, "templates_folder": "" }
            """,
            ""
        },
        {
            "Zotero Integration: each export format's template file; cslStyle names a citation style, not a template",
            """
            //- /.obsidian/plugins/obsidian-zotero-desktop-connector/data.json
            {
              "database": "Zotero",
              "noteImportFolder": "Literature",
              "citeFormats": [{ "name": "APA", "format": "formatted-citation", "cslStyle": "apa" }],
              "exportFormats": [
                {
                  "name": "Literature note",
                  "outputPathTemplate": "Literature/@{{citekey}}.md",
                  "imageOutputPathTemplate": "Literature/assets/{{citekey}}/",
                  "imageBaseNameTemplate": "image",
                  "templatePath": "Templates/zotero/literature.md",
                  "cslStyle": "apa"
                },
                {
                  "name": "Old style",
                  "outputPathTemplate": "Old/{{citekey}}.md",
                  "headerTemplatePath": "Templates/zotero/header.md",
                  "annotationTemplatePath": "Templates/zotero/annotation.md",
                  "footerTemplatePath": "Templates/zotero/footer.md"
                }
              ],
              "citeSuggestTemplate": "[[{{citekey}}]]"
            }
            """,
            """
            Templates/zotero/literature.md
            Templates/zotero/header.md
            Templates/zotero/annotation.md
            Templates/zotero/footer.md
            """
        },
        {
            "all three, the same folder named twice taken once",
            """
            //- /.obsidian/templates.json
            {"folder":"Templates"}
            //- /.obsidian/plugins/templater-obsidian/data.json
            {"templates_folder":"/Templates"}
            //- /.obsidian/plugins/obsidian-zotero-desktop-connector/data.json
            {"exportFormats":[{"name":"n","outputPathTemplate":"{{citekey}}.md","templatePath":"zotero.md"}]}
            """,
            """
            Templates/**
            zotero.md
            """
        },
        {
            "another tool's broken or unexpected files name nothing and throw nothing",
            """
            //- /.obsidian/templates.json
            {"folder": 
            //- /.obsidian/plugins/templater-obsidian/data.json
            ["templates_folder"]
            //- /.obsidian/plugins/obsidian-zotero-desktop-connector/data.json
            {"exportFormats": {"templatePath": "x.md"}}
            """,
            ""
        },
        {
            "paths that leave the vault or are the root are not template folders",
            """
            //- /.obsidian/templates.json
            {"folder": "/"}
            //- /.obsidian/plugins/templater-obsidian/data.json
            {"templates_folder": "../elsewhere"}
            """,
            ""
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Globs(string name, string fixture, string expected)
    {
        _ = name;
        using var vault = new TempVault();
        foreach (var (rel, text) in Fixture.Parse(fixture).Files) vault.Write(rel.TrimStart('/'), text);
        var globs = ConfigLoader.AppTemplates(file => ConfigLoader.ReadRootFile(vault.Root, file), vault.Logger);
        Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), string.Join("\n", globs));
    }

    [Fact]
    public void BrokenSettingsAreLoggedNotThrown()
    {
        using var vault = new TempVault();
        vault.Write(".obsidian/templates.json", "{\"folder\": ");
        Assert.Empty(ConfigLoader.AppTemplates(file => ConfigLoader.ReadRootFile(vault.Root, file), vault.Logger));
        Assert.Contains(vault.Log, l => l.StartsWith(".obsidian/templates.json is not valid JSON", StringComparison.Ordinal));
    }

    [Fact]
    public void NotesJsonTemplatesAreGlobs()
    {
        var problems = new List<ConfigProblem>();
        var config = ConfigLoader.Parse("""{ "templates": ["Templates/**", "daily-template.md"] }""", NotesConfig.Default, problems);
        Assert.Empty(problems);
        Assert.Equal(["Templates/**", "daily-template.md"], config.Templates.ToArray());
        Assert.True(config.TemplatePatterns.Matches("Templates/Paper.md"));
        Assert.True(config.TemplatePatterns.Matches("daily-template.md"));
        Assert.False(config.TemplatePatterns.Matches("Paper.md"));

        ConfigLoader.Parse("""{ "templates": "Templates" }""", NotesConfig.Default, problems);
        Assert.Equal("'templates' should be a list of strings; the default is kept", Assert.Single(problems).Message);
    }
}
