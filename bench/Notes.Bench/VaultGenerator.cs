using System.Globalization;
using System.Text;

namespace Notes.Bench;

/// <summary>
/// Deterministic synthetic vault for benchmarks: the same (notes, seed) always writes byte-identical files.
/// Notes average ~2 KB (about 2% are 10–40 KB), sit in nested folders (up to 3 levels, ~50 notes per folder),
/// 60% carry YAML front matter, each has an H1 whose slug is the file stem and 2–6 "##" headings, 3–12 links with
/// Zipf-popular targets (wikilinks with/without #Heading and |label, Markdown links with relative paths),
/// Zipf-distributed inline tags (with a few case/separator variants), task lists, fenced code and math.
/// Only System.Random(seed): no clock, no GUIDs, no hash-order dependence.
/// </summary>
public static class VaultGenerator
{
    private static readonly string[] Topics =
    [
        "attention", "transformer", "gradient", "optimizer", "pruning", "grokking", "overfitting", "embedding",
        "diffusion", "bandit", "kernel", "causal", "graph", "sparsity", "scaling", "tokenizer", "bayes", "entropy",
        "manifold", "curriculum", "distillation", "ensemble", "dropout", "residual", "convolution", "recurrent",
        "memory", "policy", "reward", "contrastive", "autoencoder", "quantization", "alignment", "benchmark",
    ];

    private static readonly string[] Words =
    [
        "flow", "limit", "bound", "rate", "head", "layer", "loss", "prior", "signal", "noise", "step", "trace",
        "basin", "probe", "norm", "path", "mask", "gate", "field", "lens", "map", "sketch", "margin", "shift",
        "drift", "regime", "phase", "circuit", "feature", "budget", "schedule", "window", "horizon", "sample",
    ];

    private static readonly string[] Vocabulary =
    [
        "the", "model", "learns", "a", "representation", "of", "data", "when", "training", "loss", "drops", "slowly",
        "and", "then", "suddenly", "generalizes", "we", "observe", "that", "attention", "heads", "specialize", "early",
        "gradient", "descent", "finds", "flat", "minima", "under", "noise", "which", "suggests", "an", "implicit",
        "bias", "toward", "simple", "solutions", "larger", "networks", "need", "less", "tuning", "but", "more",
        "compute", "this", "is", "not", "obvious", "from", "theory", "alone", "weight", "decay", "acts", "like",
        "a", "prior", "on", "norms", "scaling", "laws", "predict", "the", "test", "error", "as", "power", "law",
        "in", "parameters", "tokens", "it", "seems", "plausible", "curvature", "matters", "more", "than", "width",
        "for", "stability", "step", "size", "controls", "sharpness", "at", "edge", "stability", "honestly", "unclear",
    ];

    private static readonly string[] Headings =
    [
        "Motivation", "Key Idea", "Setup", "Results", "Open Questions", "Related Work", "Notation", "Intuition",
        "Experiments", "Limitations", "Proof Sketch", "Discussion", "Summary", "Reading Notes", "Next Steps",
        "Background", "Method", "Critique", "Examples", "Definitions",
    ];

    // ~30 tag names; rank 1 is the most common. Variants below model real vault mistakes.
    private static readonly string[] Tags =
    [
        "attention", "neural_networks", "optimization", "todo", "reinforcement_learning", "transformers",
        "generalization", "theory", "paper", "language_model", "econometrics", "causality", "statistics",
        "deep-learning", "scaling", "interpretability", "bert", "gpt", "graphs", "pruning", "fairness",
        "bayesian", "kernels", "sparsity", "physics", "neuroscience", "compression", "benchmarks", "robustness",
        "idea",
    ];

    private static readonly Dictionary<string, string[]> TagVariants = new()
    {
        ["neural_networks"] = ["neural-networks", "Neural_Networks"],
        ["bert"] = ["BERT"],
        ["attention"] = ["Attention"],
        ["deep-learning"] = ["deep_learning", "DeepLearning"],
        ["reinforcement_learning"] = ["reinforcement-learning"],
    };

    private static readonly string[] Languages = ["python", "csharp", "bash", "julia", ""];

    private static readonly string[] CodeLines =
    [
        "loss = criterion(model(x), y)", "loss.backward()", "opt.step(); opt.zero_grad()", "for t in range(T):",
        "    w -= lr * grad(w)", "attn = softmax(q @ k.T / sqrt(d))", "mask = torch.tril(ones(n, n))",
        "var total = notes.Sum(n => n.Links.Count);", "echo \"# note\" > a.md", "x = x + f(x)  # residual",
    ];

    private static readonly string[] InlineMath =
    [
        @"\frac{1}{t}", @"\frac{1}{t^2}", @"O(n^2 d)", @"\eta \nabla L(w)", @"\|w\|_2^2", @"\mathbb{E}[X]",
        @"\sigma(QK^\top/\sqrt{d})", @"p(y \mid x)", @"\lambda_{\max}", @"\sum_i \alpha_i v_i",
    ];

    private static readonly string[] DisplayMath =
    [
        @"\text{Attention}(Q,K,V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V",
        @"w_{t+1} = w_t - \eta \nabla L(w_t)",
        @"\dot{X}(t) + \frac{3}{t}\dot{X}(t) + \nabla f(X(t)) = 0",
        @"L(N) \approx \left(\frac{N_c}{N}\right)^{\alpha_N}",
    ];

    private sealed class NotePlan
    {
        public required string Stem;
        public required string Title;
        public required int Folder;
        public required int[] HeadingIds;
    }

    /// <summary>Writes <paramref name="notes"/> notes under <paramref name="outDir"/> (created if needed); returns the number of files written.</summary>
    public static int Generate(string outDir, int notes, int seed)
    {
        ArgumentNullException.ThrowIfNull(outDir);
        if (notes <= 0) return 0;
        var rng = new Random(seed);
        Directory.CreateDirectory(outDir);

        // Folders: a tree of depth <= 3 (root = depth 0), about 50 notes each.
        int folderCount = Math.Max(1, (notes + 49) / 50);
        var folderPaths = new string[folderCount];
        var folderSegments = new string[folderCount][];
        folderPaths[0] = "";
        folderSegments[0] = [];
        for (int f = 1; f < folderCount; f++)
        {
            int parent;
            do { parent = rng.Next(f); } while (folderSegments[parent].Length >= 3);
            string name = $"{Topics[rng.Next(Topics.Length)]}-{f:D3}";
            folderSegments[f] = [.. folderSegments[parent], name];
            folderPaths[f] = string.Join('/', folderSegments[f]);
        }
        foreach (var p in folderPaths)
        {
            Directory.CreateDirectory(Path.Combine(outDir, p));
        }

        // Notes: unique stems, folder by contiguous chunks, headings fixed up front so links can target them.
        var plans = new NotePlan[notes];
        for (int i = 0; i < notes; i++)
        {
            string topic = Topics[rng.Next(Topics.Length)];
            string word = Words[rng.Next(Words.Length)];
            string number = i.ToString("D4", CultureInfo.InvariantCulture);
            int hc = 2 + rng.Next(5);
            var headingIds = new int[hc];
            int start = rng.Next(Headings.Length);
            for (int h = 0; h < hc; h++) headingIds[h] = (start + h * 3) % Headings.Length; // distinct within a note
            plans[i] = new NotePlan
            {
                Stem = $"{topic}-{word}-{number}",
                Title = $"{Capitalize(topic)} {Capitalize(word)} {number}",
                Folder = (int)((long)i * folderCount / notes),
                HeadingIds = headingIds,
            };
        }

        // Popularity: rank r (1-based) has weight 1/r; ranks are assigned to notes by a seeded shuffle.
        var byRank = Enumerable.Range(0, notes).ToArray();
        rng.Shuffle(byRank);
        var noteCdf = ZipfCdf(notes);
        var tagCdf = ZipfCdf(Tags.Length);

        // Text is generated sequentially (one Random, deterministic); files are written in parallel batches.
        var sb = new StringBuilder(64 * 1024);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        int written = 0;
        const int BatchSize = 512;
        var batch = new List<(string File, string Text)>(BatchSize);
        for (int i = 0; i < notes; i++)
        {
            sb.Clear();
            WriteNote(sb, rng, i, plans, folderSegments, byRank, noteCdf, tagCdf);
            batch.Add((Path.Combine(outDir, folderPaths[plans[i].Folder], plans[i].Stem + ".md"), sb.ToString()));
            if (batch.Count == BatchSize || i == notes - 1)
            {
                Parallel.ForEach(batch, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                    item => File.WriteAllText(item.File, item.Text, utf8));
                written += batch.Count;
                batch.Clear();
            }
        }
        return written;
    }

    private static void WriteNote(StringBuilder sb, Random rng, int self, NotePlan[] plans, string[][] folderSegments, int[] byRank, double[] noteCdf, double[] tagCdf)
    {
        var plan = plans[self];
        bool isLong = rng.NextDouble() < 0.02;
        int target = isLong ? 10_000 + rng.Next(30_000) : 600 + rng.Next(1_600);

        var noteTags = new List<string>();
        int tagCount = 1 + rng.Next(4);
        for (int t = 0; t < tagCount; t++) noteTags.Add(Tag(rng, tagCdf));

        if (rng.NextDouble() < 0.6)
        {
            sb.Append("---\n");
            sb.Append("title: ").Append(plan.Title).Append('\n');
            if (rng.Next(2) == 0)
            {
                sb.Append("tags: [").Append(string.Join(", ", noteTags.Distinct())).Append("]\n");
            }
            else
            {
                sb.Append("tags:\n");
                foreach (var tag in noteTags.Distinct()) sb.Append("  - ").Append(tag).Append('\n');
            }
            int aliases = rng.Next(3);
            if (aliases > 0)
            {
                sb.Append("aliases:\n");
                for (int a = 0; a < aliases; a++) sb.Append("  - ").Append(Capitalize(Words[rng.Next(Words.Length)])).Append(' ').Append(plan.Title.Split(' ')[0]).Append(a == 0 ? "" : " notes").Append('\n');
            }
            sb.Append("---\n");
        }
        else
        {
            sb.Append('#').Append(noteTags[0]).Append('\n');
        }
        sb.Append("# ").Append(plan.Title).Append("\n\n");

        // Links to place: 3..12, Zipf-popular targets.
        int linkCount = 3 + rng.Next(10);
        var links = new Queue<string>();
        for (int l = 0; l < linkCount; l++) links.Enqueue(Link(rng, self, plans, folderSegments, byRank, noteCdf));

        var headings = plan.HeadingIds;
        Sentence(sb, rng, 2 + rng.Next(3), links, tagCdf);
        sb.Append("\n\n");
        for (int h = 0; h < headings.Length; h++)
        {
            sb.Append("## ").Append(Headings[headings[h]]).Append("\n\n");
            int sectionEnd = target * (h + 1) / headings.Length;
            do
            {
                Block(sb, rng, links, tagCdf);
            }
            while (sb.Length < sectionEnd);
        }
        if (links.Count > 0)
        {
            sb.Append("Also: ");
            while (links.Count > 0) sb.Append(links.Dequeue()).Append(links.Count > 0 ? ", " : "\n");
        }
    }

    private static void Block(StringBuilder sb, Random rng, Queue<string> links, double[] tagCdf)
    {
        int kind = rng.Next(100);
        if (kind < 35)
        {
            Sentence(sb, rng, 2 + rng.Next(4), links, tagCdf);
            sb.Append("\n\n");
        }
        else if (kind < 60)
        {
            int items = 2 + rng.Next(5);
            for (int i = 0; i < items; i++)
            {
                sb.Append(rng.Next(4) == 0 ? "  - " : "- ");
                Sentence(sb, rng, 1, links, tagCdf);
                sb.Append('\n');
            }
            sb.Append('\n');
        }
        else if (kind < 72)
        {
            int items = 1 + rng.Next(4);
            for (int i = 0; i < items; i++)
            {
                sb.Append(rng.Next(3) == 0 ? "- [x] " : "- [ ] ");
                Sentence(sb, rng, 1, links, tagCdf);
                sb.Append('\n');
            }
            sb.Append('\n');
        }
        else if (kind < 82)
        {
            sb.Append("```").Append(Languages[rng.Next(Languages.Length)]).Append('\n');
            int lines = 2 + rng.Next(6);
            for (int i = 0; i < lines; i++) sb.Append(CodeLines[rng.Next(CodeLines.Length)]).Append('\n');
            sb.Append("# not a tag, not a heading [[not-a-link]]\n");
            sb.Append("```\n\n");
        }
        else if (kind < 90)
        {
            sb.Append("$$\n").Append(DisplayMath[rng.Next(DisplayMath.Length)]).Append("\n$$\n\n");
        }
        else
        {
            sb.Append("> ");
            Sentence(sb, rng, 1, links, tagCdf);
            sb.Append(" (https://example.org/paper#section-").Append(rng.Next(1, 9)).Append(")\n\n");
        }
    }

    private static void Sentence(StringBuilder sb, Random rng, int sentences, Queue<string> links, double[] tagCdf)
    {
        for (int s = 0; s < sentences; s++)
        {
            if (s > 0) sb.Append(' ');
            int words = 6 + rng.Next(10);
            for (int w = 0; w < words; w++)
            {
                if (w > 0) sb.Append(' ');
                string word = Vocabulary[rng.Next(Vocabulary.Length)];
                sb.Append(w == 0 ? Capitalize(word) : word);
                int extra = rng.Next(100);
                if (extra < 3 && links.Count > 0) sb.Append(" (see ").Append(links.Dequeue()).Append(')');
                else if (extra < 5) sb.Append(" #").Append(Tag(rng, tagCdf));
                else if (extra < 6) sb.Append(" $").Append(InlineMath[rng.Next(InlineMath.Length)]).Append('$');
                else if (extra < 7) sb.Append(@" \(").Append(InlineMath[rng.Next(InlineMath.Length)]).Append(@"\)");
                else if (extra < 8) sb.Append(" `").Append(Words[rng.Next(Words.Length)]).Append("()`");
            }
            sb.Append('.');
        }
    }

    private static string Link(Random rng, int self, NotePlan[] plans, string[][] folderSegments, int[] byRank, double[] cdf)
    {
        int target = byRank[Sample(rng, cdf)];
        if (target == self && plans.Length > 1) target = byRank[(Array.IndexOf(byRank, self) + 1) % byRank.Length];
        var t = plans[target];
        string heading = Headings[t.HeadingIds[rng.Next(t.HeadingIds.Length)]];
        string label = $"{Vocabulary[rng.Next(Vocabulary.Length)]} {Words[rng.Next(Words.Length)]}";
        int form = rng.Next(100);
        if (form < 40) return $"[[{t.Stem}]]";
        if (form < 55) return $"[[{t.Stem}#{heading}]]";
        if (form < 70) return $"[[{t.Stem}|{label}]]";
        if (form < 75) return $"[[{t.Stem}#{heading}|{label}]]";
        string relative = RelativePath(folderSegments[plans[self].Folder], folderSegments[t.Folder], t.Stem + ".md");
        string fragment = rng.Next(4) == 0 ? "#" + heading.ToLowerInvariant().Replace(' ', '-') : "";
        return $"[{label}]({relative}{fragment})";
    }

    private static string RelativePath(string[] from, string[] to, string file)
    {
        int common = 0;
        while (common < from.Length && common < to.Length && from[common] == to[common]) common++;
        var sb = new StringBuilder();
        for (int i = common; i < from.Length; i++) sb.Append("../");
        for (int i = common; i < to.Length; i++) sb.Append(to[i]).Append('/');
        return sb.Append(file).ToString();
    }

    private static string Tag(Random rng, double[] tagCdf)
    {
        string tag = Tags[Sample(rng, tagCdf)];
        if (TagVariants.TryGetValue(tag, out var variants) && rng.Next(100) < 6) tag = variants[rng.Next(variants.Length)];
        return tag;
    }

    private static double[] ZipfCdf(int n)
    {
        var cdf = new double[n];
        double sum = 0;
        for (int r = 1; r <= n; r++)
        {
            sum += 1.0 / r;
            cdf[r - 1] = sum;
        }
        for (int i = 0; i < n; i++) cdf[i] /= sum;
        return cdf;
    }

    private static int Sample(Random rng, double[] cdf)
    {
        double u = rng.NextDouble();
        int i = Array.BinarySearch(cdf, u);
        if (i < 0) i = ~i;
        return Math.Min(i, cdf.Length - 1);
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
