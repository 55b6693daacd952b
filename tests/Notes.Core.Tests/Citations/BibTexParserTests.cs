using Notes.Core.Citations;

namespace Notes.Core.Tests.Citations;

/// <summary>
/// The BibTeX reader as data: each case is a <c>.bib</c> text and the dump of what it yields (<see cref="BibDump"/>):
/// <c>key@start..end type entry-span</c>, each field decoded, the names as <c>Family | Given</c>, then diagnostics.
/// </summary>
public class BibTexParserTests
{
    public static readonly TheoryData<string, string, string> Cases = new()
    {
        {
            "entry types, both delimiters, macros, months, names",
            """
            % A comment line outside entries, with an e-mail@example.org
            @string{acl = "Association for Computational Linguistics"}
            @STRING(nips = {Advances in Neural Information Processing Systems})

            @article{vaswani2017,
              author    = {Ashish Vaswani and Noam Shazeer and others},
              title     = {Attention Is All You Need},
              journal   = nips # " 30",
              year      = 2017,
              month     = jun,
              doi       = {10.5555/3295222.3295349},
            }
            @InProceedings(devlin-2019:bert,
              title = "{BERT}: Pre-training of {Deep} Bidirectional Transformers",
              author = "Devlin, Jacob and Chang, Ming-Wei and {von Neumann}, John",
              booktitle = acl, pages = "4171--4186"
            )
            @comment{ignored {nested} @article{not, title={x}} }
            @preamble{"\newcommand{\noop}[1]{}"}
            @online{who,
              author = {{World Health Organization}},
              editor = {John von Neumann and King, Jr, Martin Luther},
              date = {2020-03-11},
              eprint = {1706.03762}, eprinttype = {arXiv},
            }
            """,
            """
            vaswani2017@198..209 article 189..423
              doi=10.5555/3295222.3295349
              journal=Advances in Neural Information Processing Systems 30
              month=June
              title=Attention Is All You Need
              year=2017
              authors Vaswani | Ashish; Shazeer | Noam; others
            devlin-2019:bert@439..455 inproceedings 424..641
              booktitle=Association for Computational Linguistics
              pages=4171–4186
              title=BERT: Pre-training of Deep Bidirectional Transformers
              authors Devlin | Jacob; Chang | Ming-Wei; von Neumann | John
            who@740..743 online 732..917
              date=2020-03-11
              eprint=1706.03762
              eprinttype=arXiv
              authors World Health Organization
              editors von Neumann | John; King Jr | Martin Luther
            """
        },
        {
            "value forms: nested braces, quotes holding braces and quotes, numbers, # concatenation",
            """@Article{k1, title = {Nested {braces {deep}} here}, note = "quoted {with "inner" quote} ok", year = 2017, volume = 30 # "a" # {b}}""",
            """
            k1@9..11 article 0..130
              note=quoted with "inner" quote ok
              title=Nested braces deep here
              volume=30ab
              year=2017
            """
        },
        {
            "parenthesised entry holding parentheses",
            "@misc(k2, title = {Paren entry (with parens)})",
            """
            k2@6..8 misc 0..46
              title=Paren entry (with parens)
            """
        },
        {
            "text outside entries, @comment in both forms, @preamble",
            "Text before @misc{k3, title = {inline at}} and\n@COMMENT{x {y} z}\n@comment this line is a plain comment\n@Preamble{ \"\\def\\x{}\" }\n@misc{k4, title = {after}}",
            """
            k3@18..20 misc 12..42
              title=inline at
            k4@133..135 misc 127..153
              title=after
            """
        },
        {
            "@string macros: case-insensitive, concatenated, months",
            "@string{ACM = {Association for {Computing} Machinery}}\n@string{pre = \"Proc. \"}\n@misc{k5, publisher = acm, booktitle = Pre # {ICML}, month = DEC, note = jan # \"--\" # feb}",
            """
            k5@85..87 misc 79..169
              booktitle=Proc. ICML
              month=December
              note=January–February
              publisher=Association for Computing Machinery
            """
        },
        {
            "name forms: von particles, Jr, accents, several given names",
            "@misc{k6, author = {Ludwig van Beethoven and Jean de La Fontaine and Doe, Jr., John and {\\'E}mile Zola and Charles Louis Xavier Joseph de la Vall{\\'e}e Poussin}}",
            """
            k6@6..8 misc 0..161
              authors van Beethoven | Ludwig; de La Fontaine | Jean; Doe Jr. | John; Zola | Émile; de la Vallée Poussin | Charles Louis Xavier Joseph
            """
        },
        {
            "malformed entries: each reported, the next one read",
            """
            @article{,
              title = {No key}}
            @article{nokey title = {x}}
            @misc{a1, title = {Balanced value,
              year = 2020}
            @misc{a2, title {missing equals}, year = 2021}
            @misc{a3 title = {missing comma} year = 2022}
            @misc{a4, journal = undefinedmacro, note = "ok"}
            @misc{a1, title = {dup}}
            @misc{a5, title = {unclosed entry}
            @book{a6, title = {Fine}}
            @
            @misc{a7, title = {x}, title = {y}, author = {Last, First}}
            @misc{a8, title = , year = 1}
            @misc{a9, title = {Never closed
            """,
            """
            nokey@40..45 article 31..58
              title=x
            a1@65..67 misc 59..108
              title=Balanced value, year = 2020
            a2@115..117 misc 109..124
            a3@162..164 misc 156..201
              title=missing comma
              year=2022
            a4@208..210 misc 202..250
              journal=
              note=ok
            a1@257..259 misc 251..275
              title=dup
            a5@282..284 misc 276..310
              title=unclosed entry
            a6@317..319 book 311..336
              title=Fine
            a7@345..347 misc 339..398
              title=x
              authors Last | First
            a8@405..407 misc 399..416
            a9@435..437 misc 429..460
            diagnostic bib-malformed 0..9
            diagnostic bib-malformed 46..51
            diagnostic bib-unclosed 59..67
            diagnostic bib-malformed 119..124
            diagnostic bib-malformed 165..170
            diagnostic bib-malformed 189..193
            diagnostic bib-unknown-macro 222..236
            diagnostic bib-duplicate-key 257..259
            diagnostic bib-unclosed 276..284
            diagnostic bib-malformed 337..338
            diagnostic bib-duplicate-field 362..368
            diagnostic bib-malformed 415..416
            diagnostic bib-unclosed 439..460
            """
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dump(string name, string bib, string expected)
    {
        _ = name;
        Assert.Equal(expected.ReplaceLineEndings("\n"), BibDump.Of(BibTexParser.Parse(bib.ReplaceLineEndings("\n"))));
    }

    [Fact]
    public void KeySpansAndEntrySpansAreExact()
    {
        const string text = "junk @misc{k\u00e9y1, title={T}}\r\n\r\n@book{z\U0001F600:2,\r\n  title={U}\r\n}";
        var b = BibTexParser.Parse(text);
        Assert.Equal(2, b.Entries.Count);
        foreach (var e in b.Entries)
        {
            Assert.Equal(e.Key, text[e.KeySpan.Start..e.KeySpan.End]);
            Assert.Equal('@', text[e.Span.Start]);
            Assert.Equal('}', text[e.Span.End - 1]);
        }
        Assert.Equal("z\U0001F600:2", b.Entries[1].Key);
        Assert.Empty(b.Diagnostics);
    }

    [Fact]
    public void ConveniencePropertiesReadTheUsualFields()
    {
        var b = BibTexParser.Parse("""
            @online{a, title = {T}, date = {2019-05}, journaltitle = {J}, doi = {https://doi.org/10.1/X}, url = {https://arxiv.org/abs/1706.03762v5}, abstract = {Abs}}
            @misc{b, year = {2020a}, eprint = {2101.00001}, archivePrefix = {arXiv}, booktitle = {B}, publisher = {P}}
            @misc{c, school = {S}, url = {https://arxiv.org/pdf/2101.00002.pdf}}
            @misc{d}
            @online{e, eprint = {1706.03762}, eprinttype = {arxiv}, institution = {I}}
            """);
        var (a, bb, c, d) = (b.Entries[0], b.Entries[1], b.Entries[2], b.Entries[3]);
        Assert.Equal(("T", "2019", "J", "10.1/X", "1706.03762v5", "Abs"), (a.Title, a.Year, a.Container, a.Doi, a.ArxivId, a.Abstract));
        Assert.Equal(("2020a", "2101.00001", "B"), (bb.Year, bb.ArxivId, bb.Container));
        Assert.Equal(("S", "2101.00002"), (c.Container, c.ArxivId));
        Assert.Equal((null, null, null, null, null, null, null), (d.Title, d.Year, d.Container, d.Doi, d.Url, d.ArxivId, d.Abstract));
        Assert.Equal(("1706.03762", "I"), (b.Entries[4].ArxivId, b.Entries[4].Container));
    }

    [Fact]
    public void DuplicateKeysKeepBothEntries()
    {
        var b = BibTexParser.Parse("@misc{a, title={1}}\n@book{a, title={2}}\n@misc{A, title={3}}");
        Assert.Equal(["1", "2", "3"], b.Entries.Select(e => e.Title));
        var d = Assert.Single(b.Diagnostics);
        Assert.Equal(("bib-duplicate-key", 26, 27), (d.Code, d.Span.Start, d.Span.End));
    }

    [Fact]
    public void AnUnclosedEntryEndsAtTheNextLineStartingWithAt()
    {
        var b = BibTexParser.Parse("@misc{a, title = {never closed\nstill the title\n  @book{b, title={B}}\n@misc{c, title={C}}");
        Assert.Equal(["a", "b", "c"], b.Entries.Select(e => e.Key));
        Assert.Equal("B", b.Entries[1].Title);
        Assert.Equal("bib-unclosed", Assert.Single(b.Diagnostics).Code);
    }

    public static readonly TheoryData<string, string> Names = new()
    {
        { "Ashish Vaswani", "Vaswani | Ashish" },
        { "Vaswani, Ashish", "Vaswani | Ashish" },
        { "von Neumann, John", "von Neumann | John" },
        { "John von Neumann", "von Neumann | John" },
        { "{Protected Org}", "Protected Org" },
        { "{Barnes and Noble}", "Barnes and Noble" },
        { "King, Jr., Martin Luther", "King Jr. | Martin Luther" },
        { "A. B. Smith AND C. Jones and others", "Smith | A. B.; Jones | C.; others" },
        { "D.~E. Knuth", "Knuth | D. E." },
        { "Pl{\\\"u}cker, J{\\\"u}rgen and M\\\"uller, Hans", "Plücker | Jürgen; Müller | Hans" },
        { "Aristotle", "Aristotle" },
        { "  and  and Doe ", "Doe" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void NameLists(string raw, string expected) =>
        Assert.Equal(expected, string.Join("; ", BibTexParser.Parse("@misc{k, author = {" + raw + "}}").Entries[0].Authors
            .Select(n => n.Given.Length > 0 ? $"{n.Family} | {n.Given}" : n.Family)));
}
