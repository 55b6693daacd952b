using System.Collections.Immutable;

namespace Notes.Core.Index;

/// <summary>One way of writing a tag, and how often it is used.</summary>
public readonly record struct TagForm(string Name, int Count);

/// <summary>Tags that differ only in case or separators (<c>#BERT</c>, <c>#bert</c>); the most used form is dominant.</summary>
public sealed record TagGroup(string VariantKey, string Dominant, ImmutableArray<TagForm> Forms, int Total)
{
    public bool HasVariants => Forms.Length > 1;
}

/// <summary>Tag frequencies grouped into variants. Built lazily, once per snapshot.</summary>
public sealed class TagStatistics
{
    private readonly Dictionary<string, TagGroup> _byKey = new(StringComparer.Ordinal);
    private readonly ImmutableDictionary<string, int> _counts;

    public TagStatistics(ImmutableDictionary<string, int> counts)
    {
        _counts = counts;
        foreach (var g in counts.GroupBy(kv => NameKey.OfTagVariant(kv.Key), StringComparer.Ordinal))
        {
            var forms = g.Select(kv => new TagForm(kv.Key, kv.Value))
                .OrderByDescending(f => f.Count)
                .ThenBy(f => f.Name.Any(char.IsUpper) ? 1 : 0) // on a tie, lower case wins
                .ThenBy(f => f.Name, StringComparer.Ordinal)
                .ToImmutableArray();
            _byKey[g.Key] = new TagGroup(g.Key, forms[0].Name, forms, forms.Sum(f => f.Count));
        }
        Groups = _byKey.Values.OrderByDescending(g => g.Total).ThenBy(g => g.Dominant, StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>Every group, most used first.</summary>
    public ImmutableArray<TagGroup> Groups { get; }

    public TagGroup? GroupOf(string tag) => _byKey.GetValueOrDefault(NameKey.OfTagVariant(tag));

    public int Count(string tag) => _counts.GetValueOrDefault(tag);
}
