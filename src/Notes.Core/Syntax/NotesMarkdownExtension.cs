using Markdig;
using Markdig.Parsers.Inlines;
using Markdig.Renderers;

namespace Notes.Core.Syntax;

/// <summary>Adds our inline parsers (wikilinks, tags, Pandoc citations, <c>\(...\)</c> math) to a Markdig pipeline, in the right order.</summary>
internal sealed class NotesMarkdownExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        var parsers = pipeline.InlineParsers;
        if (!parsers.Contains<LatexMathParser>()) parsers.InsertBefore<EscapeInlineParser>(new LatexMathParser());
        if (!parsers.Contains<WikiLinkParser>()) parsers.InsertBefore<LinkInlineParser>(new WikiLinkParser());
        // After wikilinks ("[[" is theirs), before links: a citation group is not followed by "(" or "[", so links keep theirs.
        if (!parsers.Contains<CitationParser>()) parsers.InsertBefore<LinkInlineParser>(new CitationParser());
        if (!parsers.Contains<TagParser>()) parsers.Add(new TagParser());
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
    }
}
