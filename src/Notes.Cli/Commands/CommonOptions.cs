using System.CommandLine;
using Notes.Core.Index;
using Notes.Core.Syntax;

namespace Notes.Cli.Commands;

/// <summary>The arguments and options several commands share, and finding a note by path or name.</summary>
internal static class CommonOptions
{
    /// <summary>The optional vault folder argument (default: the current folder).</summary>
    public static Argument<string> Dir()
    {
        var dir = new Argument<string>("DIR")
        {
            Description = "The vault folder [default: the current folder]",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        // An unknown option would otherwise be taken for the folder.
        dir.Validators.Add(r =>
        {
            foreach (var t in r.Tokens)
                if (t.Value.Length > 1 && t.Value[0] == '-') r.AddError($"Unrecognized option '{t.Value}'.");
        });
        return dir;
    }

    /// <summary><c>--exclude GLOB</c>, repeatable, added to the configuration's excludes.</summary>
    public static Option<string[]> Exclude() => new("--exclude")
    {
        Description = "Skip files matching this glob (relative to the vault; repeatable), e.g. 'archive/**'",
        HelpName = "GLOB",
    };

    /// <summary><c>--format</c> limited to <paramref name="names"/>, the first being the default.</summary>
    public static Option<string> Format(params string[] names)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = $"Output format: {string.Join(", ", names)}",
            DefaultValueFactory = _ => names[0],
        };
        option.AcceptOnlyFromAmong(names);
        return option;
    }

    /// <summary>A command taking <c>[DIR] --format F --exclude GLOB</c> and nothing else, run by <paramref name="run"/>(dir, format, excludes).</summary>
    public static Command VaultCommand(string name, string description, string[] formats, Func<string, string, string[], CancellationToken, int> run)
    {
        var dir = Dir();
        var format = Format(formats);
        var exclude = Exclude();
        var command = new Command(name, description) { dir, format, exclude };
        command.SetAction((parse, ct) => Task.FromResult(run(parse.GetValue(dir)!, parse.GetValue(format)!, parse.GetValue(exclude) ?? [], ct)));
        return command;
    }

    /// <summary><c>--depth N</c>, at least 1.</summary>
    public static Option<int> Depth(string description, int defaultValue = 1)
    {
        var option = new Option<int>("--depth", "-d") { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--depth must be at least 1");
        });
        return option;
    }

    /// <summary>
    /// A note given as a path (relative to the current folder or the vault root) or as a name resolved like
    /// the wikilink <c>[[name]]</c>. Throws <see cref="CliException"/> when none or several notes match.
    /// </summary>
    public static NoteDocument FindNote(CliEnvironment env, Vault vault, string name)
    {
        var trimmed = name.Trim();
        if (trimmed.StartsWith("[[", StringComparison.Ordinal) && trimmed.EndsWith("]]", StringComparison.Ordinal)) trimmed = trimmed[2..^2];
        if (trimmed.Length == 0) throw new CliException("the note name is empty");
        foreach (var path in new[] { VaultLoader.FullPath(env, trimmed), vault.Root + "/" + trimmed.Replace('\\', '/').TrimStart('/') })
            if (vault.Snapshot[path] is { } byPath) return byPath;
        // Resolve from a (virtual) note at the root, as a link written there would be.
        var from = NoteDocument.Create(vault.Root + "/.notes-cli-query.md", vault.Root, NoteParser.Parse("", ".notes-cli-query"));
        var link = new NoteLink(LinkKind.WikiLink, default, trimmed, default, null, null, false, null, null);
        var r = LinkResolver.Resolve(vault.Snapshot, from, link);
        return r.Status switch
        {
            LinkStatus.Resolved => r.Target!,
            LinkStatus.Ambiguous => throw new CliException(
                $"'{name}' matches {r.Candidates.Length} notes: {string.Join(", ", r.Candidates.Select(c => c.Note.RelativePath))}; give a path"),
            _ => throw new CliException($"no note named '{name}' in {vault.DisplayPath(vault.Root)}"),
        };
    }
}
