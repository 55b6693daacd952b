using System.Text;
using BenchmarkDotNet.Attributes;
using Notes.Core.Syntax;

namespace Notes.Bench;

/// <summary>Parsing one note: a realistic ~2 KB research note, and a 200 KB one built from the same material.</summary>
[MemoryDiagnoser]
public class ParserBenchmarks
{
    private const string Note = """
        ---
        title: Transformers
        aliases: [Transformer, "Attention Is All You Need"]
        tags: [ml, nlp/attention]
        ---
        # Transformers

        #neural_networks #attention

        - references: lil-log, distill, an ebook chapter on transformers
        - it turns out that #attention is an earlier concept, motivated by the encoder-decoder
          sequence-to-sequence architecture; see [[attention]] and [[seq2seq#Encoder|the encoder]].
        - key point (via [this tutorial](https://example.org/tutorial#part-2)): look at all hidden layers ^key-point

        ## Multi-head self-attention

        - encoded representation of input: key-value pairs (\(K,V \in \mathbb{R}^{n}\))
        - previous output is compressed into a query \(Q \in \mathbb{R}^{m}\), written `q = W x` in code
        - output is a weighted sum of the values: $\sum_i \alpha_i V_i$

        ```python
        # not a heading, not a #tag, not a [[link]]
        scores = q @ k.T / math.sqrt(d)
        ```

        ## Todo

        - [ ] read [[toread]]: Visualizing and Measuring the Geometry of BERT[^1]
        - [x] summarise [the paper](papers/vaswani-2017.md#abstract) ![figure](img/arch.png)

        ## Backlinks

        - [[gpt3]]: a 175b-parameter language model (see [[transformers#Multi-head self-attention]])
        - [[bert^key-claim]] and C# snippets, https://en.wikipedia.org/wiki/Attention#History

        [^1]: arXiv, 2019.

        """;

    private string _large = "";

    [GlobalSetup]
    public void Setup()
    {
        var sb = new StringBuilder(Note);
        var body = Note[Note.IndexOf("# Transformers", StringComparison.Ordinal)..];
        for (int i = 0; sb.Length < 200 * 1024; i++) sb.Append(body.Replace("# Transformers", "# Part " + i, StringComparison.Ordinal));
        _large = sb.ToString();
    }

    [Benchmark(Baseline = true)]
    public ParsedNote Realistic2KB() => NoteParser.Parse(Note, "transformers");

    [Benchmark]
    public ParsedNote Large200KB() => NoteParser.Parse(_large, "transformers");
}
