using System.Collections.Concurrent;
using System.Diagnostics;
using Notes.Core.Citations;
using Notes.Core.Config;
using Notes.Core.Index;
using Notes.Core.Syntax;
using Notes.Core.Text;
using Notes.FileSystem;
using Spectre.Console;

namespace Notes.Cli;

/// <summary>An indexed vault: the snapshot every command queries, its configuration, and how long indexing took.</summary>
public sealed record Vault(string Root, WorkspaceSnapshot Snapshot, NotesConfig Config, TimeSpan Elapsed, string CurrentDirectory)
{
    /// <summary>The notes of the vault, in path order.</summary>
    public IEnumerable<NoteDocument> Notes => Snapshot.Notes.Values.OrderBy(n => n.Path, StringComparer.Ordinal);

    /// <summary>The path shown to people and CI tools: relative to the current folder when under it, else absolute; '/'-separated.</summary>
    public string DisplayPath(string fullPath)
    {
        var relative = Path.GetRelativePath(CurrentDirectory, fullPath).Replace('\\', '/');
        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? fullPath.Replace('\\', '/')
            : relative;
    }

    /// <summary>One-based line and column (UTF-16 units) of an offset, for humans.</summary>
    public static (int Line, int Column) Position(NoteDocument note, int offset) => Position(note.Syntax.Lines, offset);

    /// <summary>One-based line and column (UTF-16 units) of an offset in a bibliography file.</summary>
    public static (int Line, int Column) Position(BibliographyFile file, int offset) => Position(file.Lines, offset);

    /// <summary>One-based line and column (UTF-16 units) of an offset in any text the index holds.</summary>
    public static (int Line, int Column) Position(LineIndex lines, int offset)
    {
        LinePosition p = lines.ToPosition(offset);
        return (p.Line + 1, p.Character + 1);
    }
}

/// <summary>Reads a vault the way the language server does: configuration, ignore rules, parallel read and parse, snapshot.</summary>
public static class VaultLoader
{
    /// <summary>Every <c>.bib</c> and CSL JSON file of the vault, parsed (JSON that is not CSL is left out), as the server reads them.</summary>
    private static List<BibliographyFile> ReadBibliographies(CliEnvironment env, string root, IEnumerable<ListedAttachment> attachments, ScanOptions options, NotesConfig config,
        ConcurrentQueue<string> log)
    {
        var result = new List<BibliographyFile>();
        foreach (var a in attachments)
        {
            var path = FullPath(env, a.FullPath);
            if (!BibliographyFile.MayBe(path) || path == Path.Combine(root, ConfigLoader.FileName).Replace('\\', '/')) continue;
            if (VaultScanner.ReadNote(path, root, options with { MaxFileBytes = BibliographyFile.MaxBytes }, log.Enqueue) is not { } file) continue;
            if (BibliographyFile.FromText(path, root, file.Text, BibliographyFile.InDefaultSetOf(path, root, config.Bibliographies)) is { } bib) result.Add(bib);
        }
        return result;
    }

    /// <summary>
    /// Loads the vault at <paramref name="dir"/> (relative to the current folder). Throws <see cref="CliException"/>
    /// for a missing folder, an unreadable configuration or note, or bad configuration; other scanner notices
    /// (skipped symlinks, truncated files) are printed to standard error as warnings.
    /// </summary>
    public static Vault Load(CliEnvironment env, string dir, IEnumerable<string>? extraExcludes = null, CancellationToken ct = default)
    {
        var root = FullPath(env, dir);
        if (!Directory.Exists(root)) throw new CliException(File.Exists(root) ? $"not a folder: {dir}" : $"folder not found: {dir}");
        var config = LoadConfig(root);
        var options = new ScanOptions
        {
            ExcludeGlobs = [.. config.Exclude, .. extraExcludes ?? []],
            MaxFileBytes = config.MaxFileSize,
        };

        var clock = Stopwatch.StartNew();
        var log = new ConcurrentQueue<string>();
        var (files, attachments) = VaultScanner.EnumerateVault(root, options, log.Enqueue, ct);
        List<NoteDocument> docs;
        if (env.ProgressConsole is { } pc && files.Count >= env.ProgressThreshold)
        {
            docs = [];
            pc.Progress().AutoClear(true).Start(ctx =>
            {
                var task = ctx.AddTask($"Indexing {files.Count} notes", maxValue: files.Count);
                docs = ReadAndParse(env, root, files, options, log, () => task.Increment(1), ct);
            });
        }
        else docs = ReadAndParse(env, root, files, options, log, null, ct);
        var bibliographies = ReadBibliographies(env, root, attachments, options, config, log);
        var snapshot = WorkspaceSnapshot.Build([root], docs, attachments.Select(a => new AttachmentFile(FullPath(env, a.FullPath), root, a.Size)), config.TemplatePatterns, bibliographies);
        clock.Stop();

        var errors = new List<string>();
        foreach (var message in log)
        {
            if (IsError(message)) errors.Add(message);
            else env.Error.WriteLine($"notes: warning: {message}");
        }
        if (errors.Count > 0) throw new CliException([.. errors]);
        return new Vault(root, snapshot, config, clock.Elapsed, env.CurrentDirectory);
    }

    /// <summary>An absolute, '/'-separated path without a trailing separator.</summary>
    public static string FullPath(CliEnvironment env, string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path, env.CurrentDirectory)).Replace('\\', '/');
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    /// <summary>
    /// The configuration file at the root over the defaults, with the template folders the vault's app settings name;
    /// any problem in the configuration file is an error (the app's own files are read as they are).
    /// </summary>
    public static NotesConfig LoadConfig(string root)
    {
        var app = NotesConfig.Default with { AppTemplates = ConfigLoader.AppTemplates(file => ConfigLoader.ReadRootFile(root, file)) };
        var path = Path.Join(root, ConfigLoader.FileName);
        if (!File.Exists(path)) return app;
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
        var problems = new List<ConfigProblem>();
        var config = ConfigLoader.Parse(json, app, problems);
        if (problems.Count > 0)
            throw new CliException([.. problems.Select(p => $"bad configuration in {path}{(p.Line > 0 ? $":{p.Line}" : "")}: {p.Message}")]);
        return config;
    }

    // The scanner reports everything as log lines; these mean a note or folder could not be read.
    private static bool IsError(string message) =>
        message.StartsWith("file skipped: ", StringComparison.Ordinal) ||
        message.StartsWith("folder skipped: ", StringComparison.Ordinal) ||
        message.StartsWith("folder partly read: ", StringComparison.Ordinal) ||
        message.StartsWith("vault root ", StringComparison.Ordinal);

    private static List<NoteDocument> ReadAndParse(CliEnvironment env, string root, IReadOnlyList<string> files, ScanOptions options,
        ConcurrentQueue<string> log, Action? step, CancellationToken ct) =>
        files.AsParallel().AsOrdered().WithCancellation(ct)
            .Select(file =>
            {
                var scanned = env.ReadNote(file, root, options, log.Enqueue);
                step?.Invoke();
                if (scanned is null) return null;
                var path = FullPath(env, scanned.FullPath);
                return NoteDocument.Create(path, root, NoteParser.Parse(scanned.Text, NotePath.Stem(path)));
            })
            .Where(d => d is not null)
            .Select(d => d!)
            .ToList();
}
