using Notes.Core.Citations;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Tests.Citations;

/// <summary>Pandoc's <c>references:</c> in front matter, spans into the note.</summary>
public class CslYamlTests
{
    private static string Dump(string note)
    {
        note = note.ReplaceLineEndings("\n");
        var fm = NoteParser.Parse(note, "stem").FrontMatter;
        var entries = CslYaml.ReadReferences(note, fm?.Span ?? new TextSpan(0, 0));
        foreach (var e in entries)
        {
            Assert.InRange(e.KeySpan.End, e.KeySpan.Start, note.Length);
            Assert.True(e.Span.Contains(e.KeySpan));
        }
        return BibDump.Of(entries);
    }

    public static readonly TheoryData<string, string, string> Cases = new()
    {
        {
            "Pandoc's forms: author maps, issued as a year, a year map or date-parts, folded and quoted scalars",
            """
            ---
            title: My note
            tags: [a, b]
            references:
            - id: vaswani2017
              type: article-journal
              title: "Attention Is All You Need"
              author:
              - family: Vaswani
                given: Ashish
              - literal: Google Brain
              issued: 2017
              container-title: NeurIPS
              DOI: 10.5555/3295222
              URL: https://arxiv.org/abs/1706.03762
            - id: 'doe:2020'
              type: book
              title: >
                A folded
                title
              author: [{family: Doe, given: Jane}]
              issued:
              - year: 2020
                month: 3
            - id: smith
              issued:
                date-parts:
                - [2019, 11, 5]
              title: Plain title # a comment
                continued here
            ---
            Body [@vaswani2017]
            """,
            """
            vaswani2017@50..61 article-journal 46..301
              container-title=NeurIPS
              doi=10.5555/3295222
              issued=2017
              title=Attention Is All You Need
              url=https://arxiv.org/abs/1706.03762
              authors Vaswani | Ashish; Google Brain
            doe:2020@309..317 book 304..442
              issued=2020-03
              title=A folded title
              authors Doe | Jane
            smith@449..454  445..552
              issued=2019-11-05
              title=Plain title continued here
            """
        },
        {
            "an indented list, flow date-parts, a garbage item",
            """
            ---
            references:
              - id: indented
                type: book
                author:
                  - family: X
                    given: Y
                issued: {date-parts: [[2001]]}
              - garbage line without colon
              - id: second
            ---
            """,
            """
            indented@24..32 book 20..129
              issued=2001
              authors X | Y
            second@169..175  165..175
            """
        },
        { "references that are not a list", "---\nreferences: not-a-list\n---\n", "" },
        { "no references", "---\ntitle: x\n---\n", "" },
        { "no front matter", "# Title\nreferences:\n- id: a\n", "" },
        { "garbage items", "---\nreferences:\n- : weird\n- id:\n- id: ok\n  title: [unclosed\n---\n", "ok@38..40  34..59" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dumps(string name, string note, string expected)
    {
        _ = name;
        Assert.Equal(expected.ReplaceLineEndings("\n"), Dump(note));
    }

    [Fact]
    public void KeySpansPointIntoTheNote()
    {
        const string note = "---\ntitle: Ünïcödé \U0001F600\nreferences:\n- id: \"kéy\"\n  title: 'It''s'\n- {id: flow, title: F}\n---\n";
        var fm = NoteParser.Parse(note, "n").FrontMatter!;
        var entries = CslYaml.ReadReferences(note, fm.Span);
        Assert.Equal(["kéy", "flow"], entries.Select(e => e.Key));
        Assert.Equal("kéy", note[entries[0].KeySpan.Start..entries[0].KeySpan.End]);
        Assert.Equal("It's", entries[0].Title);
        Assert.Equal("flow", note[entries[1].KeySpan.Start..entries[1].KeySpan.End]);
    }
}
