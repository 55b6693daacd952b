using Notes.Core.Index;
using Notes.Core.Syntax;

namespace Notes.Bench;

/// <summary>A generated vault, read and parsed once, for the micro-benchmarks.</summary>
public static class InMemoryVault
{
    public static (string Root, List<(string Path, string Text)> Files) Generate(int notes, int seed = 42)
    {
        var root = Path.Combine(Path.GetTempPath(), $"notes-bench-{notes}-{seed}");
        if (!Directory.Exists(root) || Directory.GetFiles(root, "*.md", SearchOption.AllDirectories).Length < notes)
        {
            if (Directory.Exists(root)) Directory.Delete(root, true);
            VaultGenerator.Generate(root, notes, seed);
        }
        var files = Directory.GetFiles(root, "*.md", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (p, File.ReadAllText(p)))
            .ToList();
        return (root, files);
    }

    public static WorkspaceSnapshot Index(string root, IEnumerable<(string Path, string Text)> files) =>
        WorkspaceSnapshot.Build([root], files.AsParallel().Select(f => NoteDocument.Create(f.Path, root, NoteParser.Parse(f.Text, NotePath.Stem(f.Path)))));
}
