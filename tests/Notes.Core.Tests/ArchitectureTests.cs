using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Notes.Core.Tests;

/// <summary>The core's invariant, enforced: no IO, no JSON, no LSP, no processes or network (docs/ARCHITECTURE.md).</summary>
public class ArchitectureTests
{
    // Text readers over strings are not IO; everything else in System.IO is.
    private static readonly HashSet<string> AllowedIo = ["System.IO.StringReader", "System.IO.StringWriter", "System.IO.TextReader", "System.IO.TextWriter", "System.IO.InvalidDataException"];
    private static readonly string[] ForbiddenNamespaces = ["System.IO", "System.Text.Json", "System.Net", "Notes.Lsp", "Notes.FileSystem", "Microsoft.Win32", "System.Diagnostics.Process"];

    /// <summary>Every type the assembly refers to, by full name.</summary>
    internal static List<string> ReferencedTypes(string assemblyPath)
    {
        using var pe = new PEReader(File.OpenRead(assemblyPath));
        var md = pe.GetMetadataReader();
        var names = new List<string>();
        foreach (var h in md.TypeReferences)
        {
            var t = md.GetTypeReference(h);
            names.Add($"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}");
        }
        foreach (var h in md.AssemblyReferences) names.Add("assembly:" + md.GetString(md.GetAssemblyReference(h).Name));
        return names;
    }

    internal static IEnumerable<string> Violations(IEnumerable<string> referenced) => referenced.Where(n =>
        n.StartsWith("assembly:", StringComparison.Ordinal)
            ? n is "assembly:System.Text.Json" or "assembly:Notes.Lsp.Protocol" or "assembly:Notes.FileSystem" or "assembly:System.Net.Http"
            : !AllowedIo.Contains(n) && ForbiddenNamespaces.Any(ns => n.StartsWith(ns + ".", StringComparison.Ordinal)));

    [Fact]
    public void TheCoreUsesNoIoJsonOrLspType()
    {
        var path = typeof(Notes.Core.Syntax.NoteParser).Assembly.Location;
        var referenced = ReferencedTypes(path);
        Assert.Contains("System.String", referenced); // the reader sees the references at all
        Assert.Empty(Violations(referenced));
    }

    [Fact]
    public void TheCheckCatchesWhatItForbids()
    {
        // The rule itself, on names a careless change would bring in.
        Assert.Equal(["System.IO.File", "System.Text.Json.JsonSerializer", "Notes.Lsp.Protocol.Lsp.Range", "assembly:System.Text.Json"],
            Violations(["System.IO.File", "System.IO.StringReader", "System.Text.Json.JsonSerializer", "Notes.Lsp.Protocol.Lsp.Range", "System.Text.StringBuilder", "assembly:System.Text.Json", "assembly:Markdig"]));
        // And the test project itself, which reads a file, is caught.
        Assert.Contains("System.IO.File", ReferencedTypes(typeof(ArchitectureTests).Assembly.Location));
    }
}
