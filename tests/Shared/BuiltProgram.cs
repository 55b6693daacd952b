using System.Diagnostics;

namespace Notes.Testing;

/// <summary>A build of one of our programs under test: a portable <c>.dll</c> (run by <c>dotnet</c>) or a native executable.</summary>
public static class BuiltProgram
{
    /// <summary>Whether <paramref name="path"/> is a portable build, which <c>dotnet</c> runs.</summary>
    public static bool IsPortable(string path) => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    /// <summary>How to start <paramref name="path"/> with <paramref name="args"/>: on <c>dotnet</c> for a .dll, else itself. Nothing redirected yet.</summary>
    public static ProcessStartInfo StartInfo(string path, IEnumerable<string> args)
    {
        bool portable = IsPortable(path);
        var psi = new ProcessStartInfo(portable ? "dotnet" : path) { UseShellExecute = false };
        if (portable) psi.ArgumentList.Add(path);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }
}
