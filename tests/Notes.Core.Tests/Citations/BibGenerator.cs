using System.Globalization;
using System.Text;

namespace Notes.Core.Tests.Citations;

/// <summary>
/// A deterministic, realistic BibLaTeX file: <c>@string</c> journal macros, authors with accents and particles,
/// protected capitals in titles, months, DOIs, arXiv eprints and abstracts (about 750 characters an entry).
/// Shared by the linear-time tests and the <c>bib</c> benchmark.
/// </summary>
internal static class BibGenerator
{
    private static readonly string[] Given = ["Ashish", "Noam", "Niki", "Jakob", "Llion", "Aidan", "{\\L}ukasz", "Illia", "Jos{\\'e}", "Fran{\\c{c}}ois", "J{\\\"u}rgen", "Zo{\\\"e}", "Bj{\\o}rn", "S{\\o}ren", "Andr\\'e", "Ren\\'ee", "Mar\\'{\\i}a", "Yoshua", "Geoffrey", "Ilya"];
    private static readonly string[] Family = ["Vaswani", "Shazeer", "Parmar", "Uszkoreit", "Jones", "Gomez", "Kaiser", "Polosukhin", "M{\\\"u}ller", "Schmidhuber", "von Neumann", "de la Cruz", "Erd{\\H{o}}s", "Gauss", "{\\v{S}}koda", "Nov{\\'a}k", "Dvo{\\v{r}}{\\'a}k", "Bengio", "Hinton", "Sutskever"];
    private static readonly string[] Words = ["attention", "transformer", "neural", "network", "learning", "deep", "representation", "language", "model", "sequence", "graph", "convolutional", "recurrent", "optimization", "stochastic", "gradient", "bayesian", "inference", "variational", "sparse", "efficient", "scalable", "robust", "generative", "adversarial", "contrastive", "self-supervised", "retrieval", "memory", "reasoning"];
    private static readonly string[] Macros = ["jmlr", "tacl", "neurips", "icml", "pami", "cacm"];
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static string Generate(int entries, int seed = 42)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder(entries * 800);
        sb.Append("% Generated bibliography\n");
        sb.Append("@string{jmlr = {Journal of Machine Learning Research}}\n@string{tacl = \"Transactions of the {ACL}\"}\n");
        sb.Append("@string{neurips = {Advances in Neural Information Processing Systems}}\n@string{icml = {Proceedings of the International Conference on Machine Learning}}\n");
        sb.Append("@string{pami = {{IEEE} Transactions on Pattern Analysis and Machine Intelligence}}\n@string{cacm = {Communications of the {ACM}}}\n\n");
        string Word() => Words[rng.Next(Words.Length)];
        for (int i = 0; i < entries; i++)
        {
            string first = Family[rng.Next(Family.Length)];
            int year = 1990 + rng.Next(35);
            string key = $"{Key(first)}{year}{Word()}{i.ToString(CultureInfo.InvariantCulture)}";
            bool article = rng.Next(3) != 0;
            sb.Append(article ? "@article{" : "@inproceedings{").Append(key).Append(",\n");
            sb.Append("  author = {");
            int authors = 1 + rng.Next(6);
            for (int a = 0; a < authors; a++)
            {
                if (a > 0) sb.Append(" and ");
                string f = a == 0 ? first : Family[rng.Next(Family.Length)], g = Given[rng.Next(Given.Length)];
                if (rng.Next(2) == 0) sb.Append(g).Append(' ').Append(f);
                else sb.Append(f).Append(", ").Append(g);
            }
            if (rng.Next(10) == 0) sb.Append(" and others");
            sb.Append("},\n  title = {");
            int titleWords = 4 + rng.Next(8);
            for (int w = 0; w < titleWords; w++)
            {
                if (w > 0) sb.Append(' ');
                var word = Word();
                if (w == 0 || rng.Next(5) == 0) sb.Append('{').Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1).Append('}');
                else sb.Append(word);
            }
            sb.Append("},\n");
            sb.Append(article ? "  journal = " : "  booktitle = ").Append(Macros[rng.Next(Macros.Length)]).Append(",\n");
            sb.Append("  year = ").Append(year).Append(",\n  month = ").Append(Months[rng.Next(12)]).Append(",\n");
            sb.Append("  volume = {").Append(1 + rng.Next(60)).Append("},\n  pages = {").Append(rng.Next(900)).Append("--").Append(900 + rng.Next(900)).Append("},\n");
            sb.Append("  doi = {10.").Append(1000 + rng.Next(9000)).Append('/').Append(key).Append("},\n");
            if (rng.Next(2) == 0)
                sb.Append("  eprint = {").Append(rng.Next(10, 25)).Append(rng.Next(1, 13).ToString("00", CultureInfo.InvariantCulture)).Append('.').Append(rng.Next(10000, 99999)).Append("},\n  archiveprefix = {arXiv},\n");
            sb.Append("  abstract = {");
            int abstractWords = 18 + rng.Next(24);
            for (int w = 0; w < abstractWords; w++)
            {
                if (w > 0) sb.Append(w % 12 == 0 ? "\n    " : " ");
                sb.Append(Word());
                if (w % 17 == 16) sb.Append(" $O(n^2)$ \\emph{fast} --- ");
            }
            sb.Append(".},\n}\n\n");
        }
        return sb.ToString();
    }

    private static string Key(string family)
    {
        var sb = new StringBuilder();
        foreach (var c in family) if (char.IsAsciiLetterLower(c) || char.IsAsciiLetterUpper(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }
}
