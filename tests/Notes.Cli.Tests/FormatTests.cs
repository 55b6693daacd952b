using System.Text.Json;
using Notes.Cli.Output;

namespace Notes.Cli.Tests;

/// <summary>The machine formats of <c>notes check</c>: JSON and SARIF validate against their schemas, GitHub annotations are exact.</summary>
public class FormatTests
{
    private const string Broken = """
        //- /a.md
        See [[b]] and [[missing]].
        //- /b.md
        Links, with, commas: [[gone]]
        //- /c.md
        clean [[a]]
        """;

    private static string SarifSchema => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", "sarif-2.1.0.reduced.schema.json"));

    [Fact]
    public void Json_validates_against_the_embedded_schema_and_carries_the_problems()
    {
        using var vault = new TestVault(Broken);
        var result = vault.Run("check", "--format", "json");
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(JsonSchemaValidator.Validate(Schemas.Read(Schemas.Check), result.Out));

        using var doc = JsonDocument.Parse(result.Out);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(2, root.GetProperty("summary").GetProperty("problems").GetInt32());
        Assert.Equal(3, root.GetProperty("summary").GetProperty("notes").GetInt32());
        var files = root.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["a.md", "b.md"], files.Select(f => f.GetProperty("path").GetString()));
        var p = files[0].GetProperty("problems")[0];
        Assert.Equal("broken-link", p.GetProperty("code").GetString());
        Assert.Equal("warning", p.GetProperty("severity").GetString());
        Assert.Equal((1, 15, 1, 26), (p.GetProperty("line").GetInt32(), p.GetProperty("column").GetInt32(), p.GetProperty("endLine").GetInt32(), p.GetProperty("endColumn").GetInt32()));
    }

    [Fact]
    public void Json_of_a_clean_vault_validates_and_has_no_files()
    {
        using var vault = new TestVault("//- /a.md\nno links\n");
        var result = vault.Run("check", "-f", "json");
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(JsonSchemaValidator.Validate(Schemas.Read(Schemas.Check), result.Out));
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(0, doc.RootElement.GetProperty("files").GetArrayLength());
    }

    public static TheoryData<string, string> BrokenDocuments => new()
    {
        { """{"version":1,"root":"/v","files":[]}""", "missing required 'summary'" },
        { """{"version":2,"root":"/v","summary":{"problems":0,"files":0,"notes":0,"errors":0,"warnings":0,"information":0,"hints":0,"elapsedMs":0},"files":[]}""", "is not one of" },
        { """{"version":1,"root":"/v","summary":{"problems":0,"files":0,"notes":0,"errors":0,"warnings":0,"information":0,"hints":0,"elapsedMs":0},"files":[{"path":"a.md","displayPath":"a.md","problems":[{"code":"broken-link","severity":"fatal","message":"m","line":1,"column":1,"endLine":1,"endColumn":2}]}]}""", "$.files[0].problems[0].severity" },
        { """{"version":1,"root":"/v","summary":{"problems":"0","files":0,"notes":0,"errors":0,"warnings":0,"information":0,"hints":0,"elapsedMs":0},"files":[]}""", "expected integer" },
        { """{"version":1,"root":"/v","extra":true,"summary":{"problems":0,"files":0,"notes":0,"errors":0,"warnings":0,"information":0,"hints":0,"elapsedMs":0},"files":[]}""", "unexpected property 'extra'" },
    };

    [Theory]
    [MemberData(nameof(BrokenDocuments))]
    public void The_validator_rejects_documents_that_break_the_check_schema(string json, string expectedError)
    {
        var errors = JsonSchemaValidator.Validate(Schemas.Read(Schemas.Check), json);
        Assert.Contains(errors, e => e.Contains(expectedError, StringComparison.Ordinal));
    }

    [Fact]
    public void Sarif_validates_against_the_reduced_sarif_schema()
    {
        using var vault = new TestVault(Broken);
        var result = vault.Run("check", "--format", "sarif");
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(JsonSchemaValidator.Validate(SarifSchema, result.Out));

        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        var run = doc.RootElement.GetProperty("runs")[0];
        Assert.Equal("notes", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        var results = run.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(2, results.Count);
        var r = results[0];
        Assert.Equal("broken-link", r.GetProperty("ruleId").GetString());
        Assert.Equal("warning", r.GetProperty("level").GetString());
        Assert.Equal("No note named 'missing'", r.GetProperty("message").GetProperty("text").GetString());
        var loc = r.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Equal("a.md", loc.GetProperty("artifactLocation").GetProperty("uri").GetString());
        Assert.Equal(1, loc.GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal(15, loc.GetProperty("region").GetProperty("startColumn").GetInt32());
        // ruleIndex points at the rule with that id
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
        Assert.Equal("broken-link", rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString());
    }

    [Fact]
    public void Sarif_maps_information_to_note()
    {
        using var vault = new TestVault("//- /.notes.json\n{\"severity\":{\"broken-link\":\"information\"}}\n//- /a.md\n[[x]]\n");
        var result = vault.Run("check", "--format", "sarif", "--fail-on", "hint");
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(JsonSchemaValidator.Validate(SarifSchema, result.Out));
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal("note", doc.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("level").GetString());
    }

    [Fact]
    public void The_sarif_schema_rejects_a_result_without_a_location()
    {
        var bad = """{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"notes"}},"results":[{"ruleId":"x","level":"warning","message":{"text":"m"},"locations":[]}]}]}""";
        Assert.Contains(JsonSchemaValidator.Validate(SarifSchema, bad), e => e.Contains("fewer than 1 items", StringComparison.Ordinal));
    }

    [Fact]
    public void GitHub_annotations_are_one_workflow_command_per_problem_with_escaped_properties()
    {
        using var vault = new TestVault(Broken);
        var result = vault.Run("check", "--format", "github");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
        [
            "::warning file=a.md,line=1,col=15,endLine=1,endColumn=26,title=broken-link::No note named 'missing'",
            "::warning file=b.md,line=1,col=22,endLine=1,endColumn=30,title=broken-link::No note named 'gone'",
        ], result.Lines);
    }

    [Fact]
    public void GitHub_uses_error_and_notice_for_other_severities()
    {
        using var vault = new TestVault("//- /.notes.json\n{\"severity\":{\"broken-link\":\"error\",\"ambiguous-link\":\"hint\"}}\n//- /a.md\n[[x]] [[c]]\n//- /p/c.md\n//- /q/c.md\n");
        var result = vault.Run("check", "-f", "github");
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("::error file=a.md,line=1,col=1,", result.Lines[0]);
        Assert.StartsWith("::notice file=a.md,line=1,col=7,", result.Lines[1]);
    }

    [Fact]
    public void Paths_with_commas_and_colons_are_escaped_in_annotations()
    {
        using var vault = new TestVault("//- /a,b:c.md\n[[x]]\n");
        var result = vault.Run("check", "-f", "github");
        Assert.StartsWith("::warning file=a%2Cb%3Ac.md,line=1,", result.Lines[0]);
    }
}
