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
                case "templates":
                    if (Strings(p, problems) is { } templates) config = config with { Templates = templates };
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
                case "citations":
                    config = Citations(p, config, problems);
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

    /// <summary>The text of a small file at a root (the configuration, an app's settings), or null when it is missing or unreadable.</summary>
    public static string? ReadRootFile(string root, string relativePath)
    {
        try
        {
            var path = Path.Combine(root, relativePath);
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The vault app's settings files that name template folders or files, relative to a root.</summary>
    public static readonly ImmutableArray<string> AppSettingsFiles =
    [
        ObsidianTemplates, TemplaterSettings, ZoteroIntegrationSettings,
    ];

    /// <summary>Obsidian's Templates core plugin: <c>{"folder": "Templates"}</c> (with date and time formats beside it).</summary>
    public const string ObsidianTemplates = ".obsidian/templates.json";
    /// <summary>Templater: <c>templates_folder</c>, a folder path ("" when unset).</summary>
    public const string TemplaterSettings = ".obsidian/plugins/templater-obsidian/data.json";
    /// <summary>
    /// Zotero Integration (plugin id obsidian-zotero-desktop-connector): <c>exportFormats[]</c>, each with a
    /// <c>templatePath</c> (a vault-relative file, e.g. "templates/zotero.md") and, in older settings,
    /// <c>headerTemplatePath</c>, <c>annotationTemplatePath</c>, <c>footerTemplatePath</c>. Its <c>cslStyle</c> names a
    /// citation style ("apa", or a .csl file), not a note, and is not a template.
    /// </summary>
    public const string ZoteroIntegrationSettings = ".obsidian/plugins/obsidian-zotero-desktop-connector/data.json";

    /// <summary>
    /// The globs of the template folders and files the app settings at a root name: a folder as <c>folder/**</c>, a
    /// file as itself. <paramref name="read"/> gives a settings file's text by its path relative to the root, or null.
    /// A file that is missing, not JSON or not of the expected shape names nothing (logged, never an error: these are
    /// another tool's files).
    /// </summary>
    public static ImmutableArray<string> AppTemplates(Func<string, string?> read, Action<string>? log = null)
    {
        var globs = ImmutableArray.CreateBuilder<string>();
        Read(ObsidianTemplates, root => AddFolder(String(root, "folder")));
        Read(TemplaterSettings, root => AddFolder(String(root, "templates_folder")));
        Read(ZoteroIntegrationSettings, root =>
        {
            if (!root.TryGetProperty("exportFormats", out var formats) || formats.ValueKind != JsonValueKind.Array) return;
            foreach (var format in formats.EnumerateArray())
                foreach (var key in (string[])["templatePath", "headerTemplatePath", "annotationTemplatePath", "footerTemplatePath"])
                    AddFile(String(format, key));
        });
        return globs.Distinct().ToImmutableArray();

        void Read(string file, Action<JsonElement> take)
        {
            if (read(file) is not { } text) return;
            try
            {
                using var doc = JsonDocument.Parse(text, Options);
                if (doc.RootElement.ValueKind == JsonValueKind.Object) take(doc.RootElement);
                else log?.Invoke($"{file}: not a JSON object; no templates taken from it");
            }
            catch (JsonException e)
            {
                log?.Invoke($"{file} is not valid JSON ({e.Message}); no templates taken from it");
            }
        }
        void AddFolder(string? folder)
        {
            if (Clean(folder) is { } f) globs.Add(f + "/**");
        }
        void AddFile(string? file)
        {
            if (Clean(file) is { } f) globs.Add(f);
        }
        static string? String(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        // Paths are vault-relative, sometimes written with a leading or trailing '/'; "" or "/" means unset (the root is never a template folder).
        static string? Clean(string? path) =>
            path?.Replace('\\', '/').Trim().Trim('/') is { Length: > 0 } p && !p.Contains('*') && !p.Split('/').Contains("..") ? p : null;
    }

    /// <summary><c>"citations": { "bibliography": [paths], "renameInBibliography": bool }</c>; a single path is a list of one.</summary>
    private static NotesConfig Citations(JsonProperty citations, NotesConfig config, List<ConfigProblem> problems)
    {
        if (citations.Value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ConfigProblem("'citations' must be an object", 0, 0));
            return config;
        }
        foreach (var p in citations.Value.EnumerateObject())
        {
            switch (p.Name)
            {
                case "bibliography":
                    if (p.Value.ValueKind == JsonValueKind.String) config = config with { Bibliographies = [p.Value.GetString()!] };
                    else if (Strings(p, problems) is { } bibs) config = config with { Bibliographies = bibs };
                    break;
                case "renameInBibliography":
                    if (p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) config = config with { RenameKeysInBibliography = p.Value.GetBoolean() };
                    else problems.Add(Bad(p, "true or false"));
                    break;
                default:
                    problems.Add(new ConfigProblem($"unknown setting 'citations.{p.Name}'", 0, 0));
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
