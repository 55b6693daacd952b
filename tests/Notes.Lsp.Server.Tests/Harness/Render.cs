using Notes.Lsp.Protocol.Lsp;
using Notes.Testing;
using Range = Notes.Lsp.Protocol.Lsp.Range;

namespace Notes.Lsp.Server.Tests.Harness;

/// <summary>Results as short text, so expectations sit inline in the tests.</summary>
public static class Render
{
    public static string Path(string uri) => Uri.UnescapeDataString(uri).Replace("file://" + Fixture.Root + "/", "");
    public static string Of(Range r) => $"{r.Start.Line}:{r.Start.Character}-{r.End.Line}:{r.End.Character}";
    public static string Of(Location l) => $"{Path(l.Uri)} {Of(l.Range)}";
    public static string Lines(IEnumerable<string> lines) => string.Join("\n", lines);

    public static string Of(WorkspaceEdit e)
    {
        var lines = new List<string>();
        foreach (var c in e.DocumentChanges ?? [])
        {
            if (c.Kind == "rename") lines.Add($"rename {Path(c.OldUri!)} -> {Path(c.NewUri!)}");
            else if (c.Kind == "create") lines.Add($"create {Path(c.Uri!)}");
            else
                foreach (var t in c.Edits ?? [])
                    lines.Add($"{Path(c.TextDocument!.Uri)}@{c.TextDocument.Version?.ToString() ?? "null"} {Of(t.Range)} '{t.NewText}'");
        }
        foreach (var (uri, edits) in e.Changes ?? [])
            foreach (var t in edits) lines.Add($"{Path(uri)} {Of(t.Range)} '{t.NewText}'");
        return Lines(lines);
    }

    public static string Trimmed(string s) => s.ReplaceLineEndings("\n").Trim();
}
