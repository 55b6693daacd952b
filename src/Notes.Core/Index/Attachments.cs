using System.Collections.Immutable;

namespace Notes.Core.Index;

/// <summary>What a file that is not a note holds, as its extension says (images are shown in hovers and ranked first after <c>![[</c>).</summary>
public enum AttachmentKind { Image, Pdf, Audio, Video, Other }

/// <summary>
/// A file of the vault that is not a note: a figure, a PDF, a recording, a data file. Only its name and size are
/// known; its contents are never read.
/// </summary>
public sealed class AttachmentFile
{
    public AttachmentFile(string path, string root, long size)
    {
        Path = path;
        Root = root;
        Size = size;
        FileName = NotePath.FileName(path);
        RelativePath = root.Length == 0 ? FileName : NotePath.Relative(path, root);
        Kind = KindOf(FileName);
        Names = NameSignature.Of([RelativePath]);
    }

    /// <summary>The characters of the path (file name included), so completion skips files a pattern cannot match.</summary>
    public NameSignature Names { get; }

    /// <summary>Full '/'-separated path: the file's identity.</summary>
    public string Path { get; }
    public string Root { get; }
    public string RelativePath { get; }
    /// <summary>The name with its extension, as on disk.</summary>
    public string FileName { get; }
    /// <summary>Bytes, or -1 when the listing did not say.</summary>
    public long Size { get; }
    public AttachmentKind Kind { get; }

    /// <summary>How attachments are looked up by name: the file name with its extension, case-insensitively.</summary>
    public static string KeyOf(ReadOnlySpan<char> fileName) => fileName.ToString().ToLowerInvariant();

    public static AttachmentKind KindOf(ReadOnlySpan<char> fileName)
    {
        int dot = fileName.LastIndexOf('.');
        if (dot < 0) return AttachmentKind.Other;
        var ext = fileName[(dot + 1)..].ToString().ToLowerInvariant();
        return ext switch
        {
            "png" or "jpg" or "jpeg" or "gif" or "svg" or "webp" or "bmp" or "avif" or "ico" or "tif" or "tiff" => AttachmentKind.Image,
            "pdf" => AttachmentKind.Pdf,
            "mp3" or "wav" or "m4a" or "ogg" or "3gp" or "flac" => AttachmentKind.Audio,
            "mp4" or "webm" or "ogv" or "mov" or "mkv" => AttachmentKind.Video,
            _ => AttachmentKind.Other,
        };
    }
}

/// <summary>
/// Every attachment of the workspace, immutable: by path, by file name, and as one array for queries that visit
/// them all (completion, the unused-attachments report). A snapshot whose attachments did not change shares this
/// object with the one before it.
/// </summary>
public sealed class AttachmentSet
{
    private readonly ImmutableDictionary<string, ImmutableArray<string>> _byName; // file-name key → paths
    private ImmutableArray<AttachmentFile> _all;

    private AttachmentSet(ImmutableDictionary<string, AttachmentFile> byPath, ImmutableDictionary<string, ImmutableArray<string>> byName)
    {
        ByPath = byPath;
        _byName = byName;
    }

    public static readonly AttachmentSet Empty = new(
        ImmutableDictionary.Create<string, AttachmentFile>(StringComparer.Ordinal),
        ImmutableDictionary.Create<string, ImmutableArray<string>>(StringComparer.Ordinal));

    public static AttachmentSet From(IEnumerable<AttachmentFile> files)
    {
        var byPath = ImmutableDictionary.CreateBuilder<string, AttachmentFile>(StringComparer.Ordinal);
        foreach (var f in files) byPath[f.Path] = f;
        var names = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var f in byPath.Values)
        {
            var key = AttachmentFile.KeyOf(f.FileName);
            if (!names.TryGetValue(key, out var list)) names[key] = list = new List<string>(1);
            list.Add(f.Path);
        }
        var byName = ImmutableDictionary.CreateBuilder<string, ImmutableArray<string>>(StringComparer.Ordinal);
        foreach (var (k, v) in names)
        {
            v.Sort(StringComparer.Ordinal);
            byName[k] = [.. v];
        }
        return new AttachmentSet(byPath.ToImmutable(), byName.ToImmutable());
    }

    public ImmutableDictionary<string, AttachmentFile> ByPath { get; }
    public int Count => ByPath.Count;
    public AttachmentFile? this[string path] => ByPath.GetValueOrDefault(path);

    /// <summary>Attachments whose file name is <paramref name="fileName"/>, case-insensitively, by path.</summary>
    public ImmutableArray<string> Named(ReadOnlySpan<char> fileName) =>
        _byName.GetValueOrDefault(AttachmentFile.KeyOf(fileName), ImmutableArray<string>.Empty);

    /// <summary>Every attachment, by path (built once per set).</summary>
    public ImmutableArray<AttachmentFile> All
    {
        get
        {
            if (_all.IsDefault)
                _all = [.. ByPath.Values.OrderBy(f => f.Path, StringComparer.Ordinal)];
            return _all;
        }
    }

    /// <summary>The relative paths of <see cref="All"/> (so their <see cref="AttachmentFile.Names"/>), slot by slot (built once per set, like <see cref="All"/>).</summary>
    public NameIndex NameIndex
    {
        get
        {
            if (Volatile.Read(ref _nameIndex) is { } index) return index;
            Interlocked.CompareExchange(ref _nameIndex, NameIndex.From(All.Select(f => (IReadOnlyList<string>)[f.RelativePath])), null);
            return _nameIndex;
        }
    }

    private NameIndex? _nameIndex;

    public AttachmentSet With(AttachmentFile file)
    {
        var key = AttachmentFile.KeyOf(file.FileName);
        var list = _byName.GetValueOrDefault(key, ImmutableArray<string>.Empty);
        int i = list.BinarySearch(file.Path, StringComparer.Ordinal);
        var byName = i >= 0 ? _byName : _byName.SetItem(key, list.Insert(~i, file.Path));
        return new AttachmentSet(ByPath.SetItem(file.Path, file), byName);
    }

    public AttachmentSet Without(string path)
    {
        if (!ByPath.TryGetValue(path, out var old)) return this;
        var key = AttachmentFile.KeyOf(old.FileName);
        var list = _byName[key];
        var byName = list.Length == 1 ? _byName.Remove(key) : _byName.SetItem(key, list.Remove(path));
        return new AttachmentSet(ByPath.Remove(path), byName);
    }

    /// <summary>A canonical text of the tables (for the incremental-versus-rebuild oracle).</summary>
    public void Dump(System.Text.StringBuilder sb)
    {
        foreach (var f in ByPath.Values.OrderBy(f => f.Path, StringComparer.Ordinal))
            sb.Append("file ").Append(f.Path).Append(' ').Append(f.Size).AppendLine();
        foreach (var (k, v) in _byName.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            sb.Append("file-name ").Append(k).Append(": ").AppendJoin(", ", v).AppendLine();
    }
}
