using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Notes.Cli.Commands;

namespace Notes.Cli.Output;

/// <summary>The one JSON style of every machine output: indented, camelCase, nulls left out.</summary>
public static class Json
{
    // Source-generated metadata (no reflection), so the native build writes the same JSON as the portable one.
    private static readonly JsonSerializerOptions Options = new(CliJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes <paramref name="value"/> and a line break. <typeparamref name="T"/> must be listed in <see cref="CliJsonContext"/>.</summary>
    public static void Write<T>(TextWriter writer, T value)
    {
        writer.Write(JsonSerializer.Serialize(value, (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T))));
        writer.WriteLine();
    }
}

/// <summary>Every type the command line writes as JSON.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CheckJson))]
[JsonSerializable(typeof(Sarif))]
[JsonSerializable(typeof(GraphFormatters.GraphJson))]
[JsonSerializable(typeof(StatsCommand.VaultStats))]
[JsonSerializable(typeof(TagsCommand.TagsJson))]
[JsonSerializable(typeof(CitesCommand.CitesJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
