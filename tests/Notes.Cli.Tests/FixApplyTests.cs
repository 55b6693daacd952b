using Notes.Cli.Commands;
using Notes.Core.Features;
using Notes.Core.Text;

namespace Notes.Cli.Tests;

/// <summary>How <c>notes fix --write</c> touches files: only inside the vault, only when unchanged, keeping a BOM.</summary>
public class FixApplyTests
{
    [Fact]
    public void Apply_rewrites_the_spans_from_the_end()
    {
        using var vault = new TestVault("//- /a.md\n#BERT and #Bert\n");
        var path = vault.PathOf("a.md");
        FixCommand.Apply(vault.Root, path, "#BERT and #Bert\n", [new TextEditSpec(new TextSpan(1, 5), "bert"), new TextEditSpec(new TextSpan(11, 15), "bert")]);
        Assert.Equal("#bert and #bert\n", vault.Read("a.md"));
        Assert.Empty(Directory.GetFiles(vault.Root, "*.tmp"));
    }

    [Fact]
    public void Apply_refuses_a_file_outside_the_vault()
    {
        using var vault = new TestVault("//- /inside/a.md\n#BERT\n//- /outside/b.md\n#BERT\n");
        var outside = vault.PathOf("outside/b.md");
        var e = Assert.Throws<CliException>(() =>
            FixCommand.Apply(vault.PathOf("inside"), outside, "#BERT\n", [new TextEditSpec(new TextSpan(1, 5), "bert")]));
        Assert.StartsWith("refusing to write outside the vault", e.Message);
        Assert.Equal("#BERT\n", vault.Read("outside/b.md"));
    }

    [Fact]
    public void Apply_refuses_a_file_that_changed_since_it_was_read()
    {
        using var vault = new TestVault("//- /a.md\n#BERT edited\n");
        var e = Assert.Throws<CliException>(() =>
            FixCommand.Apply(vault.Root, vault.PathOf("a.md"), "#BERT\n", [new TextEditSpec(new TextSpan(1, 5), "bert")]));
        Assert.Contains("changed since it was read", e.Message);
        Assert.Equal("#BERT edited\n", vault.Read("a.md"));
    }

    [Fact]
    public void Apply_keeps_a_utf8_byte_order_mark()
    {
        using var vault = new TestVault("//- /a.md\nx\n");
        var path = vault.PathOf("a.md");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "#BERT\n"u8]);
        FixCommand.Apply(vault.Root, path, "#BERT\n", [new TextEditSpec(new TextSpan(1, 5), "bert")]);
        Assert.Equal([0xEF, 0xBB, 0xBF, .. "#bert\n"u8], File.ReadAllBytes(path));
    }

    [Fact]
    public void Fix_without_tag_variants_changes_nothing()
    {
        using var vault = new TestVault("//- /a.md\n[[b]]\n//- /b.md\nb\n");
        var result = vault.Run("fix", "--tags", "--write");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["Nothing to fix."], result.Lines);
        Assert.Equal("[[b]]\n", vault.Read("a.md"));
    }
}
