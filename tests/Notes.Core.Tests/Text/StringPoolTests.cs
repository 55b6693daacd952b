using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Tests.Text;

public class StringPoolTests
{
    [Fact]
    public void EqualNamesShareOneString()
    {
        var a = StringPool.Intern("pool-test-attention".AsSpan());
        var b = StringPool.Intern(new string("pool-test-attention"));
        Assert.Same(a, b);
        Assert.Equal("pool-test-attention", a);
        Assert.Same("", StringPool.Intern(ReadOnlySpan<char>.Empty));
    }

    [Fact]
    public void LongTextsAreNotPooled()
    {
        var longText = new string('x', StringPool.MaxLength + 1);
        Assert.NotSame(StringPool.Intern(longText.AsSpan()), StringPool.Intern(longText.AsSpan()));
    }

    [Fact]
    public void TagsAndLinkTargetsOfDifferentNotesShareTheirNames()
    {
        var one = NoteParser.Parse("#pool-shared-tag and [[pool-shared-target#Part]]", "one");
        var two = NoteParser.Parse("---\ntags: [pool-shared-tag]\n---\n[[pool-shared-target#Part]] #pool-shared-tag", "two");
        Assert.All(two.Tags, t => Assert.Same(one.Tags[0].Name, t.Name));
        Assert.Same(one.Links[0].Target, two.Links[0].Target);
        Assert.Same(one.Links[0].Fragment, two.Links[0].Fragment);
    }
}
