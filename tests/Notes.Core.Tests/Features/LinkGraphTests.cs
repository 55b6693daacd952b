using Notes.Core.Features;
using Notes.Core.Index;
using Notes.Testing;

namespace Notes.Core.Tests.Features;

/// <summary>
/// The link graph, as data: a vault, a center (or none for the whole graph), a depth and whether papers are nodes,
/// and the graph rendered whole: each node (kind, label, where a click goes) and each edge with its count.
/// </summary>
public class LinkGraphTests
{
    private const string Vault = """
        //- /refs.bib
        @inproceedings{vaswani2017,
          author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki},
          title = {Attention Is All You Need},
          year = 2017
        }
        @article{brown2020,
          author = {Brown, Tom B. and Mann, Benjamin},
          title = {Language Models are Few-Shot Learners},
          year = {2020}
        }
        //- /transformers.md
        # Transformers
        Built from [[attention]] alone [@vaswani2017]; scaled up in [@brown2020; @vaswani2017].
        //- /attention.md
        # Attention
        See [[transformers]] and [[missing note]].
        //- /gpt3.md
        # GPT-3
        Few-shot learners [@brown2020], not [@hoffman2022]. Mail @someone.
        //- /papers/attention-is-all-you-need.md
        ---
        citekey: vaswani2017
        ---
        # Attention Is All You Need
        The paper.
        """;

    private static string Render(string? center, int depth, bool papers)
    {
        var f = Fixture.Parse(Vault);
        var ws = f.Snapshot();
        var graph = LinkGraph.Build(ws, center is null ? null : ws[Fixture.FullPath(center)], depth, papers: papers);
        string Short(string id) => ws[id]?.RelativePath ?? id;
        var lines = graph.Nodes.Select(n => $"{n.Kind}{(n.Missing ? " missing" : "")} {Short(n.Id)} \"{n.Label}\" -> {(n.Path == "" ? "-" : n.Path)}")
            .Concat(graph.Edges.Select(e => $"{Short(e.From)} -> {Short(e.To)} x{e.Count}"));
        return string.Join("\n", lines);
    }

    private static void Is(string expected, string actual) => Assert.Equal(expected.ReplaceLineEndings("\n").Trim(), actual);

    [Fact] public void PapersAreOffByDefault() => Is("""
        note attention.md "Attention" -> attention.md
        note gpt3.md "GPT-3" -> gpt3.md
        note papers/attention-is-all-you-need.md "Attention Is All You Need" -> papers/attention-is-all-you-need.md
        note transformers.md "Transformers" -> transformers.md
        note missing missing:missing-note "missing-note" -> -
        attention.md -> transformers.md x1
        attention.md -> missing:missing-note x1
        transformers.md -> attention.md x1
        """, Render(null, 0, papers: false));

    [Fact] public void TheWholeGraphWithPapers() => Is("""
        note attention.md "Attention" -> attention.md
        note gpt3.md "GPT-3" -> gpt3.md
        note papers/attention-is-all-you-need.md "Attention Is All You Need" -> papers/attention-is-all-you-need.md
        note transformers.md "Transformers" -> transformers.md
        note missing missing:missing-note "missing-note" -> -
        paper cite:brown2020 "Brown & Mann (2020) Language Models are Few-Shot Learners" -> refs.bib
        paper missing cite:hoffman2022 "hoffman2022" -> -
        paper cite:vaswani2017 "Vaswani et al. (2017) Attention Is All You Need" -> papers/attention-is-all-you-need.md
        attention.md -> transformers.md x1
        attention.md -> missing:missing-note x1
        gpt3.md -> cite:brown2020 x1
        gpt3.md -> cite:hoffman2022 x1
        papers/attention-is-all-you-need.md -> cite:vaswani2017 x1
        transformers.md -> attention.md x1
        transformers.md -> cite:brown2020 x1
        transformers.md -> cite:vaswani2017 x2
        """, Render(null, 0, papers: true));

    [Fact] public void AroundANoteAPaperIsOneStepFromItsCitersAndItsLiteratureNote() => Is("""
        note papers/attention-is-all-you-need.md "Attention Is All You Need" -> papers/attention-is-all-you-need.md
        note transformers.md "Transformers" -> transformers.md
        paper cite:brown2020 "Brown & Mann (2020) Language Models are Few-Shot Learners" -> refs.bib
        paper cite:vaswani2017 "Vaswani et al. (2017) Attention Is All You Need" -> papers/attention-is-all-you-need.md
        papers/attention-is-all-you-need.md -> cite:vaswani2017 x1
        transformers.md -> cite:brown2020 x1
        transformers.md -> cite:vaswani2017 x2
        """, Render("papers/attention-is-all-you-need.md", 2, papers: true));

    [Fact] public void WithoutPapersTheLiteratureNoteStandsAlone() => Is("""
        note papers/attention-is-all-you-need.md "Attention Is All You Need" -> papers/attention-is-all-you-need.md
        """, Render("papers/attention-is-all-you-need.md", 2, papers: false));
}
