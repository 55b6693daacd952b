using System.CommandLine;
using Notes.Cli.Output;
using Notes.Core.Config;
using Notes.Core.Features;
using Notes.Core.Index;
using Spectre.Console;

namespace Notes.Cli.Commands;

/// <summary><c>notes tags [DIR]</c>: every tag with its count, its variants and the fixes the tag rules propose.</summary>
public static class TagsCommand
{
    /// <summary>One way a tag is written.</summary>
    public sealed record FormJson(string Name, int Count);
    /// <summary>A proposed rewrite: every use of <see cref="From"/> becomes <see cref="To"/>.</summary>
    public sealed record FixJson(string From, string To, int Uses, string Code);
    /// <summary>The JSON document: <c>{ "tags": [...] }</c>.</summary>
    public sealed record TagsJson(IReadOnlyList<TagJson> Tags);
    /// <summary>A tag (its dominant form), its total uses, its forms and fixes.</summary>
    public sealed record TagJson(string Name, int Count, IReadOnlyList<FormJson> Forms, IReadOnlyList<FixJson> Fixes);

    /// <summary>Builds the command.</summary>
    public static Command Create(CliEnvironment env) =>
        CommonOptions.VaultCommand("tags", "List tags with their counts, variants (#BERT vs #bert) and proposed fixes", ["text", "json"], (dir, format, exclude, ct) => Run(env, dir, format, exclude, ct));

    /// <summary>The tag groups of the snapshot, most used first, with the fixes of the variant and one-off rules.</summary>
    public static List<TagJson> Collect(WorkspaceSnapshot ws, NotesConfig config)
    {
        var stats = ws.TagStatistics;
        return [.. stats.Groups.Select(g =>
        {
            var fixes = g.Forms.Skip(1).Select(f => new FixJson(f.Name, g.Dominant, f.Count, DiagnosticCodes.TagVariant)).ToList();
            if (g.Total == 1 && NoteDiagnostics.OneOffSuggestion(stats, g, config) is { } s)
                fixes.Add(new FixJson(g.Dominant, s.Dominant, 1, DiagnosticCodes.TagOneOff));
            return new TagJson(g.Dominant, g.Total, [.. g.Forms.Select(f => new FormJson(f.Name, f.Count))], fixes);
        })];
    }

    /// <summary>Writes the tags as text or JSON.</summary>
    public static int Run(CliEnvironment env, string dir, string format, string[] exclude, CancellationToken ct = default)
    {
        var vault = VaultLoader.Load(env, dir, exclude, ct);
        var tags = Collect(vault.Snapshot, vault.Config);
        if (format == "json")
        {
            Json.Write(env.Out, new TagsJson(tags));
            return ExitCodes.Ok;
        }
        int width = tags.Count == 0 ? 0 : tags.Max(t => t.Name.Length + 1);
        foreach (var t in tags)
        {
            var variants = t.Forms.Count > 1 ? "  [dim](" + Markup.Escape(string.Join(", ", t.Forms.Select(f => $"#{f.Name} {f.Count}"))) + ")[/]" : "";
            env.Console.MarkupLine($"[cyan]{Markup.Escape(("#" + t.Name).PadRight(width))}[/] {t.Count,5}{variants}");
            foreach (var f in t.Fixes)
                env.Console.MarkupLine($"  [yellow]fix[/]: #{Markup.Escape(f.From)} → #{Markup.Escape(f.To)} ({f.Uses} use{(f.Uses == 1 ? "" : "s")})  [dim]{f.Code}[/]");
        }
        int fixCount = tags.Sum(t => t.Fixes.Count);
        env.Console.MarkupLine($"{tags.Count} tag{(tags.Count == 1 ? "" : "s")}, {tags.Sum(t => t.Count)} uses, {fixCount} proposed fix{(fixCount == 1 ? "" : "es")}");
        return ExitCodes.Ok;
    }
}
