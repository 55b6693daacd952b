using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Notes.Core.Syntax;
using Notes.Core.Text;

namespace Notes.Core.Tests.Syntax;

/// <summary>
/// The parser as data, in the manner of Markdig's TestSourcePosition: each case is a note and the dump of every element
/// it yields (<see cref="SyntaxDump"/>), spans as UTF-16 <c>start..end</c>. The cases restate the conventions of real
/// research notes: LaTeX with <c>#</c> and <c>[[</c> inside, URLs with fragments, <c>C#</c>, nested tags, backlink lists.
/// </summary>
public class NoteParserTests
{
    public static readonly TheoryData<string, string, string> Cases = new()
    {
        {
            "wikilink forms",
            "[[transformers]] [[a|Label]] [[b#Key Ideas]] [[c#^claim-1]] [[d^claim]] [[#Local]] [[dir/e.md]] ![[img.png]]",
            """
            title stem (FileName)
            link WikiLink 0..16 target=transformers@2..14
            link WikiLink 17..28 target=a@19..20 label=Label@21..26
            link WikiLink 29..44 target=b@31..32 frag=Key Ideas@33..42
            link WikiLink 45..59 target=c@47..48 block=claim-1@50..57
            link WikiLink 60..71 target=d@62..63 block=claim@64..69
            link WikiLink 72..82 target=@74..74 frag=Local@75..80
            link WikiLink 83..95 target=dir/e.md@85..93
            link Embed 96..108 target=img.png@99..106
            first transformers Label b#Key Ideas c#^claim-1 d^claim #Local dir/e.md img.png
            """
        },
        {
            "wikilink edge cases",
            "[[abc\n[[]] [[a [[b]] [[x]]] `[[in code]]` [[ spaced | lab ]]",
            """
            title stem (FileName)
            link WikiLink 15..20 target=b@17..18
            link WikiLink 21..26 target=x@23..24
            link WikiLink 42..60 target=spaced@45..51 label=lab@54..57
            code 28..41
            first abc [[]] [a b x] [[in code]] lab
            """
        },
        {
            "markdown links",
            "[one](other-note.md) [two](other) [three](../dir/note.md#heading) [four](<my note.md>) [five](my%20note.md) ![img](pics/x.png) [same](#local)",
            """
            title stem (FileName)
            link Markdown 0..20 target=other-note.md@6..19 label=one@1..4
            link Markdown 21..33 target=other@27..32 label=two@22..25
            link Markdown 34..65 target=../dir/note.md@42..56 frag=heading@57..64 label=three@35..40
            link Markdown 66..86 target=my note.md@74..84 label=four@67..71
            link Markdown 87..107 target=my note.md@94..106 label=five@88..92
            link Image 108..126 target=pics/x.png@115..125 label=img@110..113
            link Markdown 127..141 target=@134..134 frag=local@135..140 label=same@128..132
            first one two three four five img same
            """
        },
        {
            "external links",
            "[w](https://x.org/a#b) <https://example.com> [m](mailto:a@b.c) [f](file:///tmp/x.md) https://x.org/a#frag",
            """
            title stem (FileName)
            external 0..22 url=https://x.org/a#b@4..21
            external 23..44 url=https://example.com@24..43
            external 45..62 url=mailto:a@b.c@49..61
            external 63..84 url=file:///tmp/x.md@67..83
            first w <https://example.com> m f https://x.org/a#frag
            """
        },
        {
            "reference links",
            "See [text][ref] and [ref].\n\n[ref]: notes/target.md#part",
            """
            title stem (FileName)
            link Markdown 4..15 target=notes/target.md@35..50 frag=part@51..55 label=text@5..9
            link Markdown 20..25 target=notes/target.md@35..50 frag=part@51..55 label=ref@21..24
            first See text and ref.
            """
        },
        {
            "tags",
            "#tag #nested/tag #with-dash #with_underscore #ünïcode #标签 (#paren) [#bracket] #trailing/ #dot. #comma, #1 #2024 C# a#b x #ok",
            """
            title stem (FileName)
            tag tag@1..4 span=0..4
            tag nested/tag@6..16 span=5..16
            tag with-dash@18..27 span=17..27
            tag with_underscore@29..44 span=28..44
            tag ünïcode@46..53 span=45..53
            tag 标签@55..57 span=54..57
            tag paren@60..65 span=59..65
            tag bracket@69..76 span=68..76
            tag trailing@79..87 span=78..87
            tag dot@90..93 span=89..93
            tag comma@96..101 span=95..101
            tag ok@122..124 span=121..124
            first #tag #nested/tag #with-dash #with_underscore #ünïcode #标签 (#paren) [#bracket] #trailing/ #dot. #comma, #1 #2024 C# a#b x #ok
            """
        },
        {
            "no tags in code or math",
            "`#code` $#inline$ \\(#paren \\) \\[ [[math]] \\] <span title=\"#html\">x</span>\n\n```\n#fenced [[fenced]]\n```\n\n    #indented\n\n$$\n#display\n$$\n\nend #real",
            """
            title stem (FileName)
            tag real@139..143 span=138..143
            code 0..7 8..17 18..29 30..44 75..101 103..117 118..132
            first #code $#inline$ \(#paren \) \[ [[math]] \] x
            """
        },
        {
            "headings",
            "# Title\n\nIntro paragraph with [[link]].\n\n## Key Ideas ##\n\ntext\n\n### Sub ^sub-id\n\n## Key Ideas\n\nSetext\n------\n\n# Second H1",
            """
            title Title (Heading)@0..7
            heading 1 Title@2..7 slug=title line=0..7 section=0..110
            heading 2 Key Ideas@44..53 slug=key-ideas line=41..56 section=41..81
            heading 3 Sub@68..71 slug=sub line=64..79 section=64..81
            heading 2 Key Ideas@84..93 slug=key-ideas-1 line=81..93 section=81..95
            heading 2 Setext@95..101 slug=setext line=95..108 section=95..110
            heading 1 Second H1@112..121 slug=second-h1 line=110..121 section=110..121
            link WikiLink 30..38 target=link@32..36
            block sub-id@72..79 of=64..79
            first Intro paragraph with link.
            """
        },
        {
            "title from front matter",
            "---\ntitle: My Title\naliases: [GPT-3, \"Generative Pretrained\"]\ntags: [ml, nlp/bert]\nid: 20240101\n---\n# Heading\n\nBody #x",
            """
            title My Title (FrontMatter)@11..19
            frontmatter 0..99 title=My Title@11..19 id=20240101@87..95 alias=GPT-3@30..35 alias=Generative Pretrained@38..59
            heading 1 Heading@102..109 slug=heading line=100..109 section=100..118
            tag ml@69..71 span=69..71 fm
            tag nlp/bert@73..81 span=73..81 fm
            tag x@117..118 span=116..118
            first Body #x
            """
        },
        {
            "front matter scalars",
            "---\nalias: Only One\ntags: a, b c\n---\ntext",
            """
            title stem (FileName)
            frontmatter 0..36 alias=Only One@11..19
            tag a@26..27 span=26..27 fm
            tag b@29..30 span=29..30 fm
            tag c@31..32 span=31..32 fm
            first text
            """
        },
        {
            "front matter malformed",
            "---\ntitle: [unclosed\n---\n# After\n\n#still",
            """
            title After (Heading)@25..32
            frontmatter 0..24
            heading 1 After@27..32 slug=after line=25..32 section=25..40
            tag still@35..40 span=34..40
            first #still
            diagnostic syntax 21..24
            """
        },
        {
            "front matter unclosed",
            "---\ntitle: x\n\n# Heading\n\n[[link]]",
            """
            title Heading (Heading)@14..23
            heading 1 Heading@16..23 slug=heading line=14..23 section=14..33
            link WikiLink 25..33 target=link@27..31
            first link
            diagnostic syntax 0..3
            """
        },
        {
            "block ids",
            "A claim worth citing. ^key-claim\n\n- item one ^item-1\n- item two\n\nNot^id here\n\n# Head ^h1",
            """
            title Head (Heading)@78..88
            heading 1 Head@80..84 slug=head line=78..88 section=78..88
            block key-claim@22..32 of=0..32
            block item-1@45..52 of=34..52
            block h1@85..88 of=78..88
            """
        },
        {
            "tasks and footnotes",
            "- [ ] todo one\n- [x] done #tag\n\nText[^1] more.\n\n[^1]: The note.",
            """
            title stem (FileName)
            tag tag@27..30 span=26..30
            task [ ] todo one 0..14
            task [x] done #tag 15..31
            footnote ref 1 36..40
            footnote def 1 48..52
            first todo one
            """
        },
        {
            "seed note conventions",
            "#attention\nTransformers\n- key-value pairs (\\(K,V \\in \\mathbb{R}^{n}\\))\n- query \\(Q \\in [[x]]\\) and C# code\n- see https://en.wikipedia.org/wiki/Critical_thinking#Logic\n\nBacklinks\n- [[gpt3]]\n- [[transformers]] #neural_networks",
            """
            title stem (FileName)
            link WikiLink 180..188 target=gpt3@182..186
            link WikiLink 191..207 target=transformers@193..205
            tag attention@1..10 span=0..10
            tag neural_networks@209..224 span=208..224
            code 43..69 79..94
            first #attention Transformers
            """
        },
        {
            "crlf",
            "# Title\r\n\r\nSee [[a#B|c]] #tag\r\n\r\n## Two\r\nx ^blk\r\n",
            """
            title Title (Heading)@0..7
            heading 1 Title@2..7 slug=title line=0..7 section=0..49
            heading 2 Two@36..39 slug=two line=33..39 section=33..49
            link WikiLink 15..24 target=a@17..18 frag=B@19..20 label=c@21..22
            tag tag@26..29 span=25..29
            block blk@43..47 of=41..47
            first See c #tag
            """
        },
        {
            "lone cr",
            "# Title\rSee [[a]] #t\r",
            """
            title Title (Heading)@0..7
            heading 1 Title@2..7 slug=title line=0..7 section=0..21
            link WikiLink 12..17 target=a@14..15
            tag t@19..20 span=18..20
            first See a #t
            """
        },
        {
            "unicode",
            "# Ünïcödé 日本\n\n🚀 [[émoji 🚀]] #日本 e\u0301 #cafe\u0301 [[中文#标题|标签]]",
            """
            title Ünïcödé 日本 (Heading)@0..12
            heading 1 Ünïcödé 日本@2..12 slug=ünïcödé-日本 line=0..12 section=0..56
            link WikiLink 17..29 target=émoji 🚀@19..27
            link WikiLink 44..56 target=中文@46..48 frag=标题@49..51 label=标签@52..54
            tag 日本@31..33 span=30..33
            tag café@38..43 span=37..43
            first 🚀 émoji 🚀 #日本 é #café 标签
            """
        },
        {
            "first paragraph",
            "# T\n\nThe **first** paragraph, with `code` and [[link|a label]].\n\nSecond.",
            """
            title T (Heading)@0..3
            heading 1 T@2..3 slug=t line=0..3 section=0..72
            link WikiLink 46..62 target=link@48..52 label=a label@53..60
            code 35..41
            first The first paragraph, with code and a label.
            """
        },
        {
            // Obsidian writes "\|" in table rows so the cell stays whole; the "\" is in neither part.
            "escaped pipe in a table row",
            "| Figure | Note |\n|---|---|\n| ![[Engelbart.jpg\\|100x145]] | [[Mother of All Demos#Mouse\\|the mouse]] |",
            """
            title stem (FileName)
            link Embed 30..57 target=Engelbart.jpg@33..46 label=100x145@48..55
            link WikiLink 60..100 target=Mother of All Demos@62..81 frag=Mouse@82..87 label=the mouse@89..98
            first | Figure | Note | |---|---| | 100x145 | the mouse |
            """
        },
        {
            // Outside tables too (a target ending in "\" names no file), with an emoji before and CRLF.
            "escaped pipe outside tables",
            "🚀 [[a\\|b]] [[c \\| d ]]\r\n[[\\|x]] [[e\\]] [[f|g\\|h]]\r\n",
            """
            title stem (FileName)
            link WikiLink 3..11 target=a@5..6 label=b@8..9
            link WikiLink 12..23 target=c@14..15 label=d@19..20
            link WikiLink 33..39 target=e\@35..37
            link WikiLink 40..50 target=f@42..43 label=g\|h@44..48
            first 🚀 b d [[|x]] e\ g\|h
            """
        },
        {
            // A block id right after an embed names its line, also mid-paragraph (fig1, a caption below) or mid-item (fig3);
            // at a paragraph's end the paragraph (fig2); glued to the embed too (the Obsidian help vault writes
            // "![[x.png]]^id" and links to it); in code, nothing.
            "block id after an embed",
            "Intro line\n![[diagram.png]] ^fig1\n*Figure 1.*\n\n![[b.png|300]] ^fig2\n\n![[c.png]]^glued\n\n- 🚀 ![[d.png]] ^fig3\r\n  caption\r\n\n```\n![[e.png]] ^code\n```",
            """
            title stem (FileName)
            link Embed 11..27 target=diagram.png@14..25
            link Embed 47..61 target=b.png@50..55 label=300@56..59
            link Embed 69..79 target=c.png@72..77
            link Embed 92..102 target=d.png@95..100
            block fig1@28..33 of=11..33
            block fig2@62..67 of=47..67
            block glued@79..85 of=69..85
            block fig3@103..108 of=87..108
            code 122..146
            first Intro line diagram.png ^fig1 Figure 1.
            """
        },
    };

    /// <summary>
    /// Pandoc citations (the manual's "Citation syntax": groups, in-text, keys, locators) and the front matter's
    /// bibliography keys, as data; and every place an <c>@</c> is no citation.
    /// </summary>
    public static readonly TheoryData<string, string, string> CitationCases = new()
    {
        {
            "pandoc citation groups",
            "Blah [@vaswani2017] and [@vaswani2017, p. 5], [see @vaswani2017; @brown2020, ch. 2] and [-@vaswani2017].",
            """
            title stem (FileName)
            cite vaswani2017@7..18 span=6..18 group=5..19
            cite vaswani2017@26..37 span=25..37 group=24..44 locator="p. 5"
            cite vaswani2017@52..63 span=51..63 group=46..83 prefix="see"
            cite brown2020@66..75 span=65..75 group=46..83 locator="ch. 2"
            cite vaswani2017@91..102 span=89..102 group=88..103 -author
            first Blah [@vaswani2017] and [@vaswani2017, p. 5], [see @vaswani2017; @brown2020, ch. 2] and [-@vaswani2017].
            """
        },
        {
            "in-text citations",
            "@vaswani2017 says so; @vaswani2017 [p. 33] too, @a [@b] and @c[p. 1] and @d [see [[x]]] and @e [ ].",
            """
            title stem (FileName)
            link WikiLink 81..86 target=x@83..84
            cite vaswani2017@1..12 span=0..12 group=0..12 intext
            cite vaswani2017@23..34 span=22..34 group=22..42 intext locator="p. 33"
            cite a@49..50 span=48..50 group=48..50 intext
            cite b@53..54 span=52..54 group=51..55
            cite c@61..62 span=60..62 group=60..68 intext locator="p. 1"
            cite d@74..75 span=73..75 group=73..75 intext
            cite e@93..94 span=92..94 group=92..94 intext
            first @vaswani2017 says so; @vaswani2017 [p. 33] too, @a [@b] and @c[p. 1] and @d [see x] and @e [ ].
            """
        },
        {
            "citation keys",
            "@a:b @a.b @a-b @a_b @a/b @a#b @_x @1999x @Foo_bar--baz @Foo_bar.baz. @Foo:.bar @{odd key!} [@{https://x.org/b?n=f&d=2000}, p. 33] @Straße @пункт3",
            """
            title stem (FileName)
            cite a:b@1..4 span=0..4 group=0..4 intext
            cite a.b@6..9 span=5..9 group=5..9 intext
            cite a-b@11..14 span=10..14 group=10..14 intext
            cite a_b@16..19 span=15..19 group=15..19 intext
            cite a/b@21..24 span=20..24 group=20..24 intext
            cite a#b@26..29 span=25..29 group=25..29 intext
            cite _x@31..33 span=30..33 group=30..33 intext
            cite 1999x@35..40 span=34..40 group=34..40 intext
            cite Foo_bar@42..49 span=41..49 group=41..49 intext
            cite Foo_bar.baz@56..67 span=55..67 group=55..67 intext
            cite Foo@70..73 span=69..73 group=69..73 intext
            cite odd key!@81..89 span=79..90 group=79..90 intext
            cite https://x.org/b?n=f&d=2000@94..120 span=92..121 group=91..129 locator="p. 33"
            cite Straße@131..137 span=130..137 group=130..137 intext
            cite пункт3@139..145 span=138..145 group=138..145 intext
            first @a:b @a.b @a-b @a_b @a/b @a#b @_x @1999x @Foo_bar--baz @Foo_bar.baz. @Foo:.bar @{odd key!} [@{https://x.org/b?n=f&d=2000}, p. 33] @Straße @пункт3
            """
        },
        {
            "citation keys end before trailing punctuation",
            "See @key. And @key, @key; (@key) @key? @key: @key! [@key]. @key's {@key}",
            """
            title stem (FileName)
            cite key@5..8 span=4..8 group=4..8 intext
            cite key@15..18 span=14..18 group=14..18 intext
            cite key@21..24 span=20..24 group=20..24 intext
            cite key@28..31 span=27..31 group=27..31 intext
            cite key@34..37 span=33..37 group=33..37 intext
            cite key@40..43 span=39..43 group=39..43 intext
            cite key@46..49 span=45..49 group=45..49 intext
            cite key@53..56 span=52..56 group=51..57
            cite key@60..63 span=59..63 group=59..63 intext
            cite key@68..71 span=67..71 group=67..71 intext
            first See @key. And @key, @key; (@key) @key? @key: @key! [@key]. @key's {@key}
            """
        },
        {
            "citations after emoji and CJK",
            "🚀 @a 中文[@b] 日本 @日本語 e\u0301 @cafe\u0301 🚀[@c, p. 🚀]",
            """
            title stem (FileName)
            cite a@4..5 span=3..5 group=3..5 intext
            cite b@10..11 span=9..11 group=8..12
            cite 日本語@17..20 span=16..20 group=16..20 intext
            cite café@25..30 span=24..30 group=24..30 intext
            cite c@35..36 span=34..36 group=33..44 locator="p. 🚀"
            first 🚀 @a 中文[@b] 日本 @日本語 é @café 🚀[@c, p. 🚀]
            """
        },
        {
            "citations with crlf",
            "# T\r\n\r\n@a says\r\n[see @b, p. 2]\r\n",
            """
            title T (Heading)@0..3
            heading 1 T@2..3 slug=t line=0..3 section=0..32
            cite a@8..9 span=7..9 group=7..9 intext
            cite b@22..23 span=21..23 group=16..30 prefix="see" locator="p. 2"
            first @a says [see @b, p. 2]
            """
        },
        {
            "never a citation",
            "jane@example.com foo@bar x_@y a.@b a-@c `@x` $@x$ https://x.org/@user <https://a/@b> <jane@example.com> [[note@x]] [[n|@x]] [text](path@x.md) [t](@y.md) \\@x [email me @ home] @ alone @{} @-x @.x",
            """
            title stem (FileName)
            link WikiLink 104..114 target=note@x@106..112
            link WikiLink 115..123 target=n@117..118 label=@x@119..121
            link Markdown 124..141 target=path@x.md@131..140 label=text@125..129
            link Markdown 142..152 target=@y.md@146..151 label=t@143..144
            external 70..84 url=https://a/@b@71..83
            external 85..103 url=jane@example.com@86..102
            code 40..44 45..49
            first jane@example.com foo@bar x_@y a.@b a-@c @x $@x$ https://x.org/@user <https://a/@b> <jane@example.com> note@x @x text t @x [email me @ home] @ alone @{} @-x @.x
            """
        },
        {
            "escaped brackets and at signs",
            "\\[@z]\n\n[@a\\], p. 1]\n\n\\\\@b \\@c",
            """
            title stem (FileName)
            cite z@3..4 span=2..4 group=2..4 intext
            cite a@9..10 span=8..10 group=8..10 intext
            first [@z]
            """
        },
        {
            "no citations in code, math, html or front matter",
            "---\ntitle: \"@t\"\naliases: [\"@al\"]\n---\n```\n@fenced [@fenced]\n```\n\n    @indented\n\n$$\n@display\n$$\n\n<div>\n@html\n</div>\n\n<span title=\"@h\">x</span> \\(@m\\) $[@n]$\n\nend @real",
            """
            title @t (FrontMatter)@12..14
            frontmatter 0..36 title=@t@12..14 alias=@al@27..30
            cite real@161..165 span=160..165 group=160..165 intext
            code 37..62 64..78 79..93 95..113 141..147 148..154
            first x \(@m\) $[@n]$
            """
        },
        {
            "front matter bibliography, citekey and references",
            "---\ntitle: T\nbibliography: refs.bib\ncitekey: me2024\nreferences:\n  - id: x\n    title: X\n\n  - id: y\nlast: 1\n---\n@a says [@b]",
            """
            title T (FrontMatter)@11..12
            frontmatter 0..109 title=T@11..12 bibliography=refs.bib@27..35 citekey=me2024@45..51 references=52..97
            cite a@111..112 span=110..112 group=110..112 intext
            cite b@120..121 span=119..121 group=118..122
            first @a says [@b]
            """
        },
        {
            "front matter bibliography list",
            "---\nbibliography:\n  - a.bib\n  - \"b c.json\"\ncitation-key: k\n---\ntext",
            """
            title stem (FileName)
            frontmatter 0..62 bibliography=a.bib@22..27 bibliography=b c.json@33..41 citekey=k@57..58
            first text
            """
        },
        {
            "front matter bibliography flow list",
            "---\nBibliography: [a.bib, 'b.yaml']\ncitationkey: k2\nreferences: []\n---\ntext",
            """
            title stem (FileName)
            frontmatter 0..70 bibliography=a.bib@19..24 bibliography=b.yaml@27..33 citekey=k2@49..51 references=52..66
            first text
            """
        },
        {
            "citations in links, headings, lists and quotes",
            "# Heading @h [@i]\n\n[see @a](x.md) [@a [p. 5]](y.md) [@a][ref] [*see* #t @a, p. #u] **@bold**\n\n- item @j\n> quote [@k]",
            """
            title Heading @h [@i] (Heading)@0..17
            heading 1 Heading @h [@i]@2..17 slug=heading-h-i line=0..17 section=0..116
            link Markdown 19..33 target=x.md@28..32 label=see @a@20..26
            link Markdown 34..51 target=y.md@46..50 label=@a [p. 5]@35..44
            tag t@70..71 span=69..71
            tag u@80..81 span=79..81
            cite h@11..12 span=10..12 group=10..12 intext
            cite i@15..16 span=14..16 group=13..17
            cite a@25..26 span=24..26 group=24..26 intext
            cite a@36..37 span=35..37 group=35..44 intext locator="p. 5"
            cite a@54..55 span=53..55 group=53..55 intext
            cite a@73..74 span=72..74 group=62..82 prefix="*see* #t" locator="p. #u"
            cite j@102..103 span=101..103 group=101..103 intext
            cite k@114..115 span=113..115 group=112..116
            first see @a @a [p. 5] @a][ref] [*see* #t @a, p. #u] @bold
            """
        },
        {
            "brackets that are no group",
            "[@a;] [see @a; nothing] [@a `code`] [@a <b>] [@a\n@b] [@a](x.md) ![@img](i.png) [;@a]",
            """
            title stem (FileName)
            link Markdown 53..63 target=x.md@58..62 label=@a@54..56
            link Image 64..78 target=i.png@72..77 label=@img@66..70
            cite a@2..3 span=1..3 group=1..3 intext
            cite a@12..13 span=11..13 group=11..13 intext
            cite a@26..27 span=25..27 group=25..27 intext
            cite a@38..39 span=37..39 group=37..39 intext
            cite a@47..48 span=46..48 group=46..48 intext
            cite b@50..51 span=49..51 group=49..51 intext
            cite a@55..56 span=54..56 group=54..56 intext
            cite img@67..70 span=66..70 group=66..70 intext
            code 28..34
            first [@a;] [see @a; nothing] [@a code] [@a ] [@a @b] @a @img [;@a]
            """
        },
    };

    [Theory]
    [MemberData(nameof(CitationCases))]
    public void CitationDump(string name, string markdown, string expected) => Dump(name, markdown, expected);

    /// <summary>
    /// The line scan (here: for a note with a line too long for Markdig, after the case) finds the citations the Markdig
    /// walk finds, at the same places, except where Markdig knows blocks the line scan does not (indented code, math, HTML).
    /// </summary>
    [Theory]
    [MemberData(nameof(CitationCases))]
    public void TheLineScanFindsTheCitationsMarkdigFinds(string name, string markdown, string expected)
    {
        _ = expected;
        var scanned = NoteParser.Parse(markdown + "\n\n" + new string('x', 32_001), "stem");
        Assert.Contains(scanned.Diagnostics, d => d.Message.Contains("line by line", StringComparison.Ordinal));
        if (name == "no citations in code, math, html or front matter") return; // blocks the line scan does not know
        static string Cites(ParsedNote n) => string.Join('\n', SyntaxDump.Of(n).Split('\n').Where(l => l.StartsWith("cite ", StringComparison.Ordinal)));
        Assert.Equal(Cites(NoteParser.Parse(markdown, "stem")), Cites(scanned));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Dump(string name, string markdown, string expected)
    {
        var note = NoteParser.Parse(markdown, "stem");
        Assert.True(expected.ReplaceLineEndings("\n") == SyntaxDump.Of(note), $"{name}:\n{SyntaxDump.Of(note)}");
        AssertWellFormed(note);
        AssertSpansHoldTheirValues(note);
    }

    [Theory]
    [MemberData(nameof(PathologicalNames))]
    public void PathologicalInputParsesQuickly(string name)
    {
        var text = Pathological.Cases.Single(c => c.Name == name).Make();
        NoteParser.Parse(text, "warm-up"); // JIT and static pipeline out of the timing
        var sw = Stopwatch.StartNew();
        var note = NoteParser.Parse(text, "stem");
        sw.Stop();
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(2), $"{name} took {sw.ElapsedMilliseconds} ms");
        AssertWellFormed(note);
    }

    public static TheoryData<string> PathologicalNames() => new(Pathological.Cases.Select(c => c.Name));

    [Fact]
    public void TooDeepForMarkdigFallsBackToTheLineScanWithADiagnostic()
    {
        var note = NoteParser.Parse(new string('>', 200) + " [[deep]] #tag\n\n# Heading\n\n```\n[[not]]\n```\n", "stem");
        Assert.Equal("""
            title Heading (Heading)@216..225
            heading 1 Heading@218..225 slug=heading line=216..225 section=216..243
            link WikiLink 201..209 target=deep@203..207
            tag tag@211..214 span=210..214
            code 227..242
            diagnostic syntax 0..0
            """.ReplaceLineEndings("\n"), SyntaxDump.Of(note));
    }

    [Fact]
    public void LineScanFindsEscapedPipesAndBlockIdsAfterEmbeds()
    {
        var note = NoteParser.Parse(new string('>', 200) + " | [[Engelbart.jpg\\|100x145]] |\n![[diagram.png]] ^fig1\ncaption\n", "stem");
        Assert.Equal("""
            title stem (FileName)
            link WikiLink 203..229 target=Engelbart.jpg@205..218 label=100x145@220..227
            link Embed 232..248 target=diagram.png@235..246
            block fig1@249..254 of=232..254
            diagnostic syntax 0..0
            """.ReplaceLineEndings("\n"), SyntaxDump.Of(note));
    }

    [Fact]
    public void ParsingTheSameTextTwiceGivesTheSameResult()
    {
        var text = "[[a]] [[b\n\n\\(x\n\n\\(y\\) [[c]]";
        var first = SyntaxDump.Of(NoteParser.Parse(text, "stem"));
        Assert.Equal(first, SyntaxDump.Of(NoteParser.Parse(text, "stem")));
        Assert.Equal("""
            title stem (FileName)
            link WikiLink 0..5 target=a@2..3
            link WikiLink 22..27 target=c@24..25
            code 16..21
            first a b
            """.ReplaceLineEndings("\n"), first);
    }

    [Fact]
    public void UnclosedWikilinkIsNotALinkButCompletionStillSeesTheText()
    {
        var note = NoteParser.Parse("See [[abc", "stem");
        Assert.Empty(note.Links);
        Assert.False(note.IsInCodeOrMath(9));
    }

    [Fact]
    public void IsInCodeOrMathCoversCodeSpansFencesAndMath()
    {
        var text = "a `b` \\(c\\) $d$\n\n```\ne\n```\n";
        var note = NoteParser.Parse(text, "stem");
        Assert.True(note.IsInCodeOrMath(text.IndexOf('b')));
        Assert.True(note.IsInCodeOrMath(text.IndexOf('c')));
        Assert.True(note.IsInCodeOrMath(text.IndexOf('d')));
        Assert.True(note.IsInCodeOrMath(text.IndexOf('e')));
        Assert.False(note.IsInCodeOrMath(0));
    }

    [Fact]
    public void FirstParagraphIsTrimmedForPreviews()
    {
        var note = NoteParser.Parse("# T\n\n" + string.Concat(Enumerable.Repeat("word ", 200)), "stem");
        Assert.True(note.FirstParagraph!.Length <= 301);
        Assert.EndsWith("…", note.FirstParagraph);
    }

    private static readonly string[] Tokens =
    [
        "a", "b", " ", "  ", "\n", "\r\n", "\r", "\n\n", "#", "#t", "# ", "## ", "[[", "]]", "![[", "|", "^", "^id", "[", "]", "(", ")",
        "](", "!", "`", "```", "$", "$$", "\\(", "\\)", "\\[", "\\]", "\\", "<", ">", "> ", "- ", "- [ ] ", "* ", "1. ", "---", "---\n",
        "...", ":", "https://x.org/a#b", "[^1]", "[^1]: ", "[r]: x.md", "    ", "\t", "é", "\u0301", "\uD83D\uDE80", "\uD800", "\uDC00", "\0", "%20", "=",
        "title: ", "tags: ", "aliases: [", "<div>", "</div>",
        "@", "@a", "[@", "[-@b", "; @c", ", p. 5", ";", "@{", "{", "}", ".", "bibliography: ", "citekey: ", "references:\n  - id: x\n",
    ];

    [Property(MaxTest = 1000)]
    public Property RandomMarkdownIsWellFormed() =>
        Prop.ForAll(Gen.Elements(Tokens).ArrayOf().Select(string.Concat).ToArbitrary(), text =>
        {
            AssertWellFormed(NoteParser.Parse(text, "stem"));
            return true;
        });

    [Property(MaxTest = 300)]
    public bool RandomStringsAreWellFormed(string? text)
    {
        AssertWellFormed(NoteParser.Parse(text ?? "", "stem"));
        return true;
    }

    /// <summary>Every span inside the text; code and math sorted and disjoint; no link, tag or block id inside them.</summary>
    private static void AssertWellFormed(ParsedNote n)
    {
        int len = n.Text.Length;
        void In(TextSpan? s, string what)
        {
            if (s is { } x) Assert.True(x.Start >= 0 && x.Start <= x.End && x.End <= len, $"{what} {x} outside 0..{len}");
        }
        In(n.Title.Span, "title");
        In(n.FrontMatter?.Span, "front matter");
        foreach (var h in n.Headings) { In(h.Span, "heading"); In(h.TextSpan, "heading text"); In(h.Section, "section"); }
        foreach (var l in n.Links) { In(l.Span, "link"); In(l.TargetSpan, "target"); In(l.FragmentSpan, "fragment"); In(l.LabelSpan, "label"); }
        foreach (var e in n.ExternalLinks) { In(e.Span, "external"); In(e.UrlSpan, "url"); }
        foreach (var t in n.Tags) { In(t.Span, "tag"); In(t.NameSpan, "tag name"); }
        foreach (var c in n.Citations)
        {
            In(c.Span, "citation"); In(c.KeySpan, "citation key"); In(c.Group, "citation group");
            Assert.True(c.Group.Contains(c.Span) && c.Span.Contains(c.KeySpan), $"citation {c.Span} outside its group {c.Group} or key {c.KeySpan} outside it");
        }
        In(n.FrontMatter?.ReferencesSpan, "references");
        foreach (var b in n.Blocks) { In(b.Span, "block id"); In(b.Block, "block"); }
        foreach (var t in n.Tasks) In(t.Span, "task");
        foreach (var f in n.Footnotes) In(f.Span, "footnote");
        foreach (var d in n.Diagnostics) In(d.Span, "diagnostic");
        for (int i = 0; i < n.CodeAndMath.Count; i++)
        {
            In(n.CodeAndMath[i], "code");
            if (i > 0) Assert.True(n.CodeAndMath[i - 1].End <= n.CodeAndMath[i].Start, "code spans overlap or are unsorted");
        }
        foreach (var l in n.Links) Assert.False(InCode(n, l.Span), $"link {l.Span} inside code");
        foreach (var t in n.Tags.Where(t => !t.InFrontMatter)) Assert.False(InCode(n, t.Span), $"tag {t.Span} inside code");
        foreach (var c in n.Citations) Assert.False(InCode(n, c.Group) || (n.FrontMatter is { } fm && fm.Span.Overlaps(c.Group)), $"citation {c.Group} inside code or front matter");
        for (int i = 1; i < n.Citations.Count; i++) Assert.True(n.Citations[i - 1].Span.End <= n.Citations[i].Span.Start, "citations overlap or are unsorted");
    }

    private static bool InCode(ParsedNote n, TextSpan s) => n.CodeAndMath.Any(c => c.Overlaps(s));

    /// <summary>Spans are exact: each holds the very characters of its value.</summary>
    private static void AssertSpansHoldTheirValues(ParsedNote n)
    {
        string At(TextSpan s) => n.Text.Substring(s.Start, s.Length);
        foreach (var l in n.Links.Where(l => l.IsWiki))
        {
            Assert.Equal(l.Target, At(l.TargetSpan));
            if (l.FragmentSpan is { } f) Assert.Equal(l.Fragment, At(f));
            if (l.LabelSpan is { } lb) Assert.Equal(l.Label, At(lb));
        }
        foreach (var t in n.Tags) Assert.Equal(t.Name, At(t.NameSpan));
        foreach (var h in n.Headings.Where(h => !At(h.TextSpan).Contains('\n'))) Assert.Equal(h.Text, At(h.TextSpan));
        foreach (var b in n.Blocks) Assert.Equal("^" + b.Id, At(b.Span));
        foreach (var a in n.Aliases) Assert.Equal(a.Value, At(a.Span));
        foreach (var c in n.Citations)
        {
            Assert.Equal(c.Key, At(c.KeySpan));
            Assert.Matches(c.SuppressAuthor ? "^-@" : "^@", At(c.Span));
            Assert.Equal(c.Span.End, c.KeySpan.End + (At(c.Span)[c.SuppressAuthor ? 2 : 1] == '{' ? 1 : 0));
            if (!c.InText) Assert.True(n.Text[c.Group.Start] == '[' && n.Text[c.Group.End - 1] == ']', $"group {c.Group}");
        }
        if (n.FrontMatter is { } fm)
        {
            foreach (var v in fm.Bibliography) Assert.Equal(v.Value, At(v.Span));
            if (fm.CiteKey is { } k) Assert.Equal(k.Value, At(k.Span));
            if (fm.ReferencesSpan is { } r) Assert.StartsWith("references:", At(r), StringComparison.OrdinalIgnoreCase);
        }
    }
}
