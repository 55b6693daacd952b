using Notes.Core.Citations;

namespace Notes.Core.Tests.Citations;

/// <summary>CSL JSON as Zotero and Pandoc write it, and the <c>.json</c> files that are not CSL.</summary>
public class CslJsonTests
{
    private const string Items = """
        [
          {"id": "vaswani2017", "type": "article-journal", "title": "Attention Is All You Need",
           "author": [{"family": "Vaswani", "given": "Ashish"}, {"literal": "Google Brain"}, {"family": "Neumann", "given": "John", "non-dropping-particle": "von"}],
           "editor": [{"family": "Doe", "given": "Jane"}],
           "issued": {"date-parts": [[2017, 6]]}, "container-title": "NeurIPS", "DOI": "10.5555/3295222", "URL": "https://arxiv.org/abs/1706.03762",
           "abstract": "Line one.\nLine two.", "page": "5998-6008", "volume": 30, "issue": "1", "note": "n\u00e9"},
          {"id": 42, "type": "book", "title": "Numeric \"id\"", "issued": {"raw": "2001-02"}},
          {"id": "x", "type": "book", "issued": {"literal": "forthcoming"}}
        ]
        """;

    [Fact]
    public void ReadsItems()
    {
        Assert.True(CslJson.TryParse(Items.ReplaceLineEndings("\n"), out var bib));
        Assert.Equal("""
            vaswani2017@12..23 article-journal 4..547
              abstract=Line one.
            Line two.
              container-title=NeurIPS
              doi=10.5555/3295222
              issue=1
              issued=2017-06
              note=né
              page=5998-6008
              title=Attention Is All You Need
              url=https://arxiv.org/abs/1706.03762
              volume=30
              authors Vaswani | Ashish; Google Brain; von Neumann | John
              editors Doe | Jane
            42@558..560 book 551..634
              issued=2001-02
              title=Numeric "id"
            x@646..647 book 638..703
              issued=forthcoming
            """.ReplaceLineEndings("\n"), BibDump.Of(bib));
        var e = bib.Entries[0];
        Assert.Equal(("2017", "NeurIPS", "10.5555/3295222", "1706.03762"), (e.Year, e.Container, e.Doi, e.ArxivId));
        Assert.Equal("forthcoming", bib.Entries[2].Field("issued"));
        Assert.Null(bib.Entries[2].Year);
    }

    [Fact]
    public void ReadsZoterosItemsWrapper()
    {
        Assert.True(CslJson.TryParse("""{"items": [{"id": "z1", "type": "report", "title": "Zotero wrapper"}]}""", out var bib));
        Assert.Equal("z1@19..21 report 11..68\n  title=Zotero wrapper", BibDump.Of(bib));
    }

    [Fact]
    public void KeySpanIsInUtf16EvenAfterNonAsciiText()
    {
        // Every character before the id is more than one UTF-8 byte (and one is a surrogate pair): UTF-8 offsets would be off.
        const string text = "[{\"title\": \"Ünïcödé \U0001F600 “quotes”\", \"type\": \"book\", \"note\": \"\\u00e9\\\"\", \"id\": \"kéy-\U0001F600\"}]";
        Assert.True(CslJson.TryParse(text, out var bib));
        var e = Assert.Single(bib.Entries);
        Assert.Equal("kéy-\U0001F600", e.Key);
        Assert.Equal(e.Key, text[e.KeySpan.Start..e.KeySpan.End]);
        Assert.Equal('"', text[e.KeySpan.Start - 1]);
        Assert.Equal('"', text[e.KeySpan.End]);
        Assert.Equal((0 + 1, text.Length - 1), (e.Span.Start, e.Span.End));
    }

    [Theory]
    [InlineData("""{"name": "package.json", "version": "1.0.0"}""")]
    [InlineData("[1, 2, 3]")]
    [InlineData("""[{"id": "a"}]""")]
    [InlineData("""[{"type": "book"}]""")]
    [InlineData("""[{"id": "a", "type": "book",}]""")]
    [InlineData("""[{"id": "a", "type": "book"}""")]
    [InlineData("""[{"id": "a", "type": "book"}] x""")]
    [InlineData("""[{"id": "a", "type": "book"}, 3]""")]
    [InlineData("""[{"id": 'a', "type": "book"}]""")]
    [InlineData("""[{"id": "a", "type": "book", "n": 01}]""")]
    [InlineData("""[{"id": "a\x", "type": "book"}]""")]
    [InlineData("""{"items": {"id": "a", "type": "book"}}""")]
    [InlineData("")]
    [InlineData("null")]
    public void NotCsl(string text) => Assert.False(CslJson.TryParse(text, out _));

    [Fact]
    public void ItemsWithoutIdAreLeftOutWithADiagnostic()
    {
        Assert.True(CslJson.TryParse("""[{"id": "a", "type": "book"}, {"title": "no id"}]""", out var bib));
        Assert.Equal("a@9..10 book 1..28\ndiagnostic csl-missing-id 30..31", BibDump.Of(bib));
        Assert.True(CslJson.TryParse("\uFEFF[]", out var empty));
        Assert.Empty(empty.Entries);
    }

    [Fact]
    public void DuplicateIds()
    {
        Assert.True(CslJson.TryParse("""[{"id": "a", "type": "book"}, {"id": "a", "type": "book"}]""", out var bib));
        Assert.Equal(2, bib.Entries.Count);
        Assert.Equal("bib-duplicate-key", Assert.Single(bib.Diagnostics).Code);
    }
}
