using System.Text;
using BenchmarkDotNet.Attributes;
using Notes.Core.Index;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Bench;

/// <summary>
/// One keystroke's work in a long daily note (6,000 lines, ~400 KB) and in a 20-line one: the full parse an edit used to
/// cost, the incremental reparse (typing at the end, and in the middle), and the other steps of the path (line index,
/// the change applied to the text, the index entry).
/// </summary>
[MemoryDiagnoser]
public class KeystrokeBenchmarks
{
    [Params(20, 6000)]
    public int Lines { get; set; }

    private string _text = "", _typedAtEnd = "", _typedInMiddle = "";
    private ParsedNote _parsed = null!;
    private int _middle;

    [GlobalSetup]
    public void Setup()
    {
        _text = LongNote.Make(Lines);
        _parsed = NoteParser.Parse(_text, "daily");
        _typedAtEnd = _text + "a";
        _middle = _text.IndexOf("\n- ", _text.Length / 2, StringComparison.Ordinal) + 8;
        _typedInMiddle = _text.Insert(_middle, "a");
    }

    [Benchmark(Baseline = true)]
    public ParsedNote FullParse() => NoteParser.Parse(_typedAtEnd, "daily");

    [Benchmark]
    public ParsedNote ReparseTypingAtEnd() => NoteParser.Reparse(_parsed, _typedAtEnd, "daily");

    [Benchmark]
    public ParsedNote ReparseTypingInMiddle() => NoteParser.Reparse(_parsed, _typedInMiddle, "daily");

    [Benchmark]
    public LineIndex LineIndexCreate() => LineIndex.Create(_typedAtEnd);

    [Benchmark]
    public LineIndex LineIndexWithEdit() => _parsed.Lines.WithEdit(_typedInMiddle, _middle, _middle, _middle + 1);

    [Benchmark]
    public string? ApplyChange()
    {
        var at = _parsed.Lines.ToPosition(_middle);
        return TextChanges.Apply(_text, [new TextChange(at, at, "a")], PositionEncoding.Utf16, out _, _parsed.Lines);
    }

    [Benchmark]
    public NoteDocument IndexEntry() => NoteDocument.Create("/vault/daily.md", "/vault", _parsed);
}

/// <summary>
/// A daily note of about <c>lines</c> lines (~70 characters each): a heading per day, links, tags, tasks, block ids, code.
/// Its wikilinks name <paramref name="names"/> (notes of the vault, so they resolve) when given, else made-up people and topics.
/// </summary>
public static class LongNote
{
    public static string Make(int lines, IReadOnlyList<string>? names = null)
    {
        string Name(string kind, int i) => names is { Count: > 0 } ? names[i % names.Count] : $"{kind} {i % 97}";
        var sb = new StringBuilder("---\ntitle: Daily log\ntags: [daily]\n---\n# Daily log\n\nEverything that happened, one day at a time.\n\n");
        int n = 8;
        for (int day = 0; n < lines; day++)
        {
            sb.Append("## Day ").Append(day).Append("\n\n");
            sb.Append("- met [[").Append(Name("person", day)).Append("]] about #project").Append(day % 13).Append(" and the plan for the week ahead, which we agreed on\n");
            sb.Append("- [ ] follow up on [[").Append(Name("topic", day * 3 + 1)).Append("]] before the next review, with the notes from today ^t").Append(day).Append('\n');
            sb.Append("- read [a paper](papers/p").Append(day % 41).Append(".md) with `code` and $x^2$ and some more words about what it says\n");
            sb.Append("  - nested note: see [[").Append(Name("person", day * 7 + 2)).Append("|a colleague]] and #idea for later today, and what it means\n\n");
            n += 7;
        }
        return sb.ToString();
    }
}
