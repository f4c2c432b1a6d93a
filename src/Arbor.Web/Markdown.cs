using Markdig;

namespace Arbor.Web;

/// <summary>Training lessons' Markdown as HTML (Markdig): raw HTML in the text is shown as text, never run.</summary>
public static class Markdown
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().DisableHtml().UseAutoLinks().UsePipeTables().UseEmphasisExtras().Build();

    public static string Html(string markdown) => Markdig.Markdown.ToHtml(markdown, Pipeline);
}
