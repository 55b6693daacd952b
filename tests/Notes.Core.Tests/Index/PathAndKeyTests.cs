using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Notes.Core.Index;

namespace Notes.Core.Tests.Index;

/// <summary>
/// <see cref="NotePath.Combine"/> and <see cref="NameKey"/> are written for speed (one buffer, no LINQ); each is held
/// to a plain reference implementation here, on chosen cases and on random ones.
/// </summary>
public class PathAndKeyTests
{
    // The straightforward versions: split, walk, join.
    private static string? CombineReference(string baseDir, string relative)
    {
        var parts = new List<string>(baseDir.Split('/'));
        if (parts.Count > 0 && parts[^1].Length == 0) parts.RemoveAt(parts.Count - 1);
        foreach (var seg in relative.Split('/'))
        {
            if (seg.Length == 0 || seg == ".") continue;
            if (seg == "..")
            {
                if (parts.Count <= 1) return null;
                parts.RemoveAt(parts.Count - 1);
            }
            else parts.Add(seg);
        }
        return string.Join('/', parts);
    }

    private static string KeyReference(string name)
    {
        var sb = new StringBuilder();
        bool pendingDash = false;
        foreach (char c in name)
        {
            if (char.IsLetterOrDigit(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                if (pendingDash && sb.Length > 0) sb.Append('-');
                pendingDash = false;
                sb.Append(char.ToLowerInvariant(c));
            }
            else if (c is ' ' or '-' or '_' or '\t') pendingDash = true;
        }
        return sb.ToString();
    }

    [Theory]
    [InlineData("/vault/a", "b.md", "/vault/a/b.md")]
    [InlineData("/vault/a", "./b.md", "/vault/a/b.md")]
    [InlineData("/vault/a", "../b.md", "/vault/b.md")]
    [InlineData("/vault/a/", "b.md", "/vault/a/b.md")]
    [InlineData("/vault", "../../../etc/passwd", null)]
    [InlineData("/vault", "..//./x", "/x")]
    [InlineData("", "x/y", "x/y")]
    [InlineData("a", "..", null)]
    [InlineData("/a/b/c", "../../..", "")]
    public void CombineWalksSegments(string baseDir, string relative, string? expected)
    {
        Assert.Equal(expected, NotePath.Combine(baseDir, relative));
        Assert.Equal(CombineReference(baseDir, relative), NotePath.Combine(baseDir, relative));
    }

    private static readonly Gen<string> Segments =
        Gen.Elements("", ".", "..", "a", "bc", "x.md", "/", "é", "😀").ArrayOf().Select(parts => string.Join('/', parts));

    [Property(MaxTest = 2000)]
    public Property CombineAgreesWithTheReference() =>
        Prop.ForAll(Segments.ToArbitrary(), Segments.ToArbitrary(), (baseDir, relative) =>
            NotePath.Combine(baseDir, relative) == CombineReference(baseDir, relative));

    [Property(MaxTest = 2000)]
    public Property KeysAgreeWithTheReference() =>
        Prop.ForAll(Gen.Elements("A", "b", " ", "-", "_", "\t", "!", "É", "e\u0301", "😀", "中", "1", ".").ArrayOf().Select(string.Concat).ToArbitrary(), name =>
            NameKey.Of(name) == KeyReference(name) && NameKey.Matches(name, KeyReference(name)) && (KeyReference(name).Length == 0 || !NameKey.Matches(name, KeyReference(name) + "x")));

    [Fact]
    public void LongNamesUseAPooledBuffer() =>
        Assert.Equal(KeyReference(new string('A', 300) + " B"), NameKey.Of(new string('A', 300) + " B"));
}
