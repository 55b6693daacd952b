using System.Collections.Immutable;
using System.Text.Json;
using Notes.Core.Config;

namespace Notes.FileSystem;

/// <summary>A problem in a configuration source; the defaults stay in force for that key.</summary>
public sealed record ConfigProblem(string Message, int Line, int Column);

/// <summary>
/// Reads the workspace configuration: <c>.notes.json</c> (comments and trailing commas allowed) and the editor's
/// <c>notes</c> settings, which share one schema. A bad value is reported and its default kept; nothing throws.
/// </summary>
public static class ConfigLoader
{
    public const string FileName = ".notes.json";

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static NotesConfig Parse(string json, NotesConfig baseConfig, List<ConfigProblem> problems)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, Options);
            return Apply(doc.RootElement, baseConfig, problems);
        }
        catch (JsonException e)
        {
            problems.Add(new ConfigProblem($"{FileName} is not valid JSON: {e.Message}", (int)(e.LineNumber ?? 0), (int)(e.BytePositionInLine ?? 0)));
            return baseConfig;
        }
    }

    /// <summary>Overlays the keys present in <paramref name="settings"/> on <paramref name="config"/>.</summary>
    public static NotesConfig Apply(JsonElement settings, NotesConfig config, List<ConfigProblem> problems)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            if (settings.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                problems.Add(new ConfigProblem("configuration must be an object", 0, 0));
            return config;
        }
        foreach (var p in settings.EnumerateObject())
        {
            switch (p.Name)
            {
                case "linkStyle":
                    if (Enum(p, problems, ("stem", LinkStyle.Stem), ("title-slug", LinkStyle.TitleSlug), ("relative-path", LinkStyle.RelativePath)) is { } ls)
                        config = config with { LinkStyle = ls };
                    break;
                case "exclude":
                    if (Strings(p, problems) is { } ex) config = config with { Exclude = ex };
                    break;
                case "maxFileSize":
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt64(out var size) && size > 0)
                        config = config with { MaxFileSize = size };
                    else problems.Add(Bad(p, "a positive number of bytes"));
                    break;
                case "tags":
                    config = Tags(p.Value, config, problems);
                    break;
                case "severity":
                    config = Severities(p.Value, config, problems);
                    break;
                case "server":
                case "dotnet":
                case "trace":
                    break; // client-side settings
                default:
                    problems.Add(new ConfigProblem($"unknown setting '{p.Name}'", 0, 0));
                    break;
            }
        }
        return config;
    }

    private static NotesConfig Tags(JsonElement tags, NotesConfig config, List<ConfigProblem> problems)
    {
        if (tags.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ConfigProblem("'tags' must be an object", 0, 0));
            return config;
        }
        foreach (var p in tags.EnumerateObject())
        {
            switch (p.Name)
            {
                case "style":
                    if (Enum(p, problems, ("any", TagStyle.Any), ("kebab-case", TagStyle.KebabCase), ("snake_case", TagStyle.SnakeCase), ("camelCase", TagStyle.CamelCase)) is { } st)
                        config = config with { TagStyle = st };
                    break;
                case "maxDepth":
                    if (p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetInt32(out var d) && d >= 0) config = config with { TagMaxDepth = d };
                    else problems.Add(Bad(p, "a number, 0 for no limit"));
                    break;
                case "vocabulary":
                    if (Strings(p, problems) is { } v) config = config with { TagVocabulary = v };
                    break;
                case "vocabularyFile":
                    if (p.Value.ValueKind == JsonValueKind.String) config = config with { TagVocabularyFile = p.Value.GetString()! };
                    else problems.Add(Bad(p, "a path relative to the workspace root"));
                    break;
                default:
                    problems.Add(new ConfigProblem($"unknown setting 'tags.{p.Name}'", 0, 0));
                    break;
            }
        }
        return config;
    }

    private static NotesConfig Severities(JsonElement sev, NotesConfig config, List<ConfigProblem> problems)
    {
        if (sev.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ConfigProblem("'severity' must be an object", 0, 0));
            return config;
        }
        var map = config.Severities.ToBuilder();
        foreach (var p in sev.EnumerateObject())
        {
            if (!DiagnosticCodes.Configurable.Contains(p.Name))
            {
                problems.Add(new ConfigProblem($"unknown diagnostic code '{p.Name}' (known: {string.Join(", ", DiagnosticCodes.Configurable)})", 0, 0));
                continue;
            }
            if (Enum(p, problems, ("off", Severity.Off), ("hint", Severity.Hint), ("information", Severity.Information), ("info", Severity.Information), ("warning", Severity.Warning), ("error", Severity.Error)) is { } s)
                map[p.Name] = s;
        }
        return config with { Severities = map.ToImmutable() };
    }

    private static T? Enum<T>(JsonProperty p, List<ConfigProblem> problems, params (string Name, T Value)[] values) where T : struct
    {
        if (p.Value.ValueKind == JsonValueKind.String)
            foreach (var (name, value) in values)
                if (string.Equals(name, p.Value.GetString(), StringComparison.OrdinalIgnoreCase)) return value;
        problems.Add(Bad(p, "one of " + string.Join(", ", values.Select(v => v.Name))));
        return null;
    }

    private static ImmutableArray<string>? Strings(JsonProperty p, List<ConfigProblem> problems)
    {
        if (p.Value.ValueKind == JsonValueKind.Array && p.Value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            return p.Value.EnumerateArray().Select(e => e.GetString()!).ToImmutableArray();
        problems.Add(Bad(p, "a list of strings"));
        return null;
    }

    private static ConfigProblem Bad(JsonProperty p, string expected) =>
        new($"'{p.Name}' should be {expected}; the default is kept", 0, 0);
}
