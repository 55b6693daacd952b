using Notes.Core.Citations;

namespace Notes.Core.Tests.Citations;

/// <summary>What an editor shows of an entry: the completion line, the hover's Markdown, the fuzzy-match text.</summary>
public class BibFormatTests
{
    private static BibEntry Entry(string bib) => BibTexParser.Parse(bib).Entries[0];

    private const string Vaswani = "@article{vaswani2017, author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki}, title = {Attention Is All You Need}, journal = {Advances in Neural Information Processing Systems}, volume = 30, number = 1, pages = {5998--6008}, year = 2017, doi = {10.5555/3295222.3295349}, eprint = {1706.03762}, archiveprefix = {arXiv}, url = {https://arxiv.org/abs/1706.03762}, abstract = {The dominant sequence transduction models are based on complex recurrent or convolutional neural networks that include an encoder and a decoder. The best performing models also connect the encoder and decoder through an attention mechanism. We propose a new simple network architecture, the Transformer, based solely on attention mechanisms, dispensing with recurrence and convolutions entirely.}}";

    [Theory]
    [InlineData(Vaswani, "Vaswani et al. (2017) Attention Is All You Need")]
    [InlineData("@misc{k, author = {Vaswani, Ashish}, title = {T}, year = 2017}", "Vaswani (2017) T")]
    [InlineData("@misc{k, author = {Vaswani, Ashish and Shazeer, Noam}, title = {T}, year = 2017}", "Vaswani & Shazeer (2017) T")]
    [InlineData("@misc{k, author = {Vaswani, Ashish and others}, title = {T}, year = 2017}", "Vaswani et al. (2017) T")]
    [InlineData("@misc{k, author = {Vaswani, Ashish}, title = {T}}", "Vaswani (n.d.) T")]
    [InlineData("@misc{k, editor = {Doe, Jane}, title = {T}, year = 2001}", "Doe (2001) T")]
    [InlineData("@misc{k, title = {Anonymous}, date = {2019-04-01}}", "(2019) Anonymous")]
    [InlineData("@misc{k, author = {{World Health Organization}}}", "World Health Organization (n.d.)")]
    public void Short(string bib, string expected) => Assert.Equal(expected, BibFormat.Short(Entry(bib)));

    public static readonly TheoryData<string, string> Markdowns = new()
    {
        {
            Vaswani,
            """
            Vaswani, A., Shazeer, N., & Parmar, N. (2017). *Attention Is All You Need*. Advances in Neural Information Processing Systems, 30(1), 5998–6008.

            [doi:10.5555/3295222.3295349](https://doi.org/10.5555/3295222.3295349) · [arXiv:1706.03762](https://arxiv.org/abs/1706.03762)

            The dominant sequence transduction models are based on complex recurrent or convolutional neural networks that include an encoder and a decoder. The best performing models also connect the encoder and decoder through an attention mechanism. We propose a new simple network architecture, the…
            """
        },
        {
            "@book{one, author = {Jean-Paul Sartre}, title = {L'{\\^E}tre et le n{\\'e}ant}, publisher = {Gallimard}, year = 1943, url = {https://example.org/sartre}}",
            """
            Sartre, J.-P. (1943). *L'Être et le néant*. Gallimard.

            <https://example.org/sartre>
            """
        },
        {
            "@misc{two, author = {Vaswani, Ashish and Shazeer, Noam}, title = {Two_authors *stars* $a_b$}}",
            "Vaswani, A., & Shazeer, N. (n.d.). *Two\\_authors \\*stars\\* $a_b$*."
        },
        { "@proceedings{eds, editor = {Doe, Jane and others}, title = {Edited}, year = 2001}", "Doe, J., et al. (Eds.) (2001). *Edited*." },
        { "@misc{none, title = {Anonymous}}", "(n.d.). *Anonymous*." },
        {
            "@misc{many, author = {A, A and B, B and C, C and D, D and E, E and F, F and G, G and H, H and I, I and J, J and K, K}, year = 2000}",
            "A, A., B, B., C, C., D, D., E, E., F, F., G, G., H, H., I, I., J, J., et al. (2000)."
        },
    };

    [Theory]
    [MemberData(nameof(Markdowns))]
    public void Markdown(string bib, string expected) => Assert.Equal(expected.ReplaceLineEndings("\n"), BibFormat.Markdown(Entry(bib)));

    [Fact]
    public void MarkdownOfACslEntryCutsTheAbstractAtThreeLines()
    {
        Assert.True(CslJson.TryParse("""[{"id": "c", "type": "book", "title": "T", "author": [{"literal": "Org"}], "issued": {"date-parts": [[2020]]}, "abstract": "One.\nTwo.\n\nThree.\nFour."}]""", out var bib));
        Assert.Equal("Org (2020). *T*.\n\nOne. Two. Three.…", BibFormat.Markdown(bib.Entries[0]));
    }

    [Theory]
    [InlineData(Vaswani, "vaswani2017 Attention Is All You Need Vaswani Shazeer Parmar 2017")]
    [InlineData("@book{one, author = {Jean-Paul Sartre}, title = {L'{\\^E}tre}, year = 1943}", "one L'Être Sartre 1943")]
    [InlineData("@misc{eds, editor = {Doe, Jane and others}}", "eds Doe")]
    public void SearchText(string bib, string expected) => Assert.Equal(expected, BibFormat.SearchText(Entry(bib)));
}
