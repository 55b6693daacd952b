using MAB.DotIgnore;

namespace Notes.FileSystem;

/// <summary>
/// The .gitignore / .ignore rules in force for one folder: an immutable chain from the root down.
/// Git semantics: rules are tried in order, outer files first, and the last matching rule wins
/// (a deeper file or a later <c>!negation</c> overrides an earlier one).
/// </summary>
internal sealed class IgnoreRules
{
    public static readonly IgnoreRules Empty = new(null, "", []);

    private readonly IgnoreRules? _parent;
    private readonly string _baseRelative; // '/'-separated folder of the ignore file, relative to the vault root ("" = root)
    private readonly IReadOnlyList<IgnoreRule> _rules;

    private IgnoreRules(IgnoreRules? parent, string baseRelative, IReadOnlyList<IgnoreRule> rules)
    {
        _parent = parent;
        _baseRelative = baseRelative;
        _rules = rules;
    }

    public static readonly string[] FileNames = [".gitignore", ".ignore"];

    /// <summary>Adds the rules of the ignore files in <paramref name="dir"/> (if any). Never throws; a bad file is logged and skipped.</summary>
    public IgnoreRules WithFolder(string dir, string relativeDir, Action<string> log)
    {
        List<IgnoreRule>? rules = null;
        foreach (string name in FileNames)
        {
            string file = Path.Join(dir, name);
            string[] lines;
            try
            {
                if (!File.Exists(file)) continue;
                lines = File.ReadAllLines(file);
            }
            catch (Exception e)
            {
                log($"ignore file skipped: {file}: {e.Message}");
                continue;
            }
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].TrimEnd('\r');
                if (line.Length == 0 || line[0] == '#') continue;
                // Trailing spaces are ignored unless escaped.
                if (!line.EndsWith("\\ ", StringComparison.Ordinal)) line = line.TrimEnd(' ');
                if (line.Length == 0 || line == "!" || line == "/") continue;
                try
                {
                    (rules ??= []).Add(new IgnoreRule(line, MatchFlags.PATHNAME, i + 1));
                }
                catch (Exception e)
                {
                    log($"ignore rule skipped: {file}:{i + 1}: '{line}': {e.Message}");
                }
            }
        }
        return rules is null ? this : new IgnoreRules(this, relativeDir, rules);
    }

    /// <summary>True when the entry (relative to the vault root, '/'-separated) is ignored.</summary>
    public bool IsIgnored(string relativePath, bool isDirectory)
    {
        bool? verdict = Evaluate(relativePath, isDirectory);
        return verdict == true;
    }

    private bool? Evaluate(string relativePath, bool isDirectory)
    {
        bool? verdict = _parent?.Evaluate(relativePath, isDirectory);
        if (_rules.Count == 0) return verdict;
        string local = _baseRelative.Length == 0 ? relativePath : relativePath[(_baseRelative.Length + 1)..];
        foreach (var rule in _rules)
        {
            bool match;
            try
            {
                match = rule.IsMatch(local, isDirectory);
            }
            catch (Exception)
            {
                continue;
            }
            if (match) verdict = !rule.PatternFlags.HasFlag(PatternFlags.NEGATION);
        }
        return verdict;
    }
}
