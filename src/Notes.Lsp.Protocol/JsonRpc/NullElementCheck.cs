using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Notes.Lsp.Protocol.JsonRpc;

/// <summary>
/// What <c>RespectNullableAnnotations</c> does not cover: a <c>null</c> where the params object itself is expected, and
/// a <c>null</c> element in an array (<c>"files": [null]</c>). Both would reach a handler as a null it never expects;
/// this turns them into a <see cref="JsonException"/>, which the connection answers with -32602.
/// Walks the deserialized value with the serializer's own metadata, so it knows only what the JSON contract says.
/// </summary>
internal static class NullElementCheck
{
    public static void Check(object? value, JsonTypeInfo info, bool top = true, int depth = 0)
    {
        if (value is null)
        {
            if (top && info.Kind is JsonTypeInfoKind.Object) throw new JsonException("params must be an object, not null");
            return;
        }
        if (depth > 64) return;
        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                foreach (var property in info.Properties)
                {
                    if (property.Get is not { } get || !NeedsWalk(property.PropertyType)) continue;
                    Check(get(value), info.Options.GetTypeInfo(property.PropertyType), top: false, depth + 1);
                }
                break;
            case JsonTypeInfoKind.Enumerable when info.ElementType is { } elementType && value is IEnumerable items:
                var elementInfo = NeedsWalk(elementType) ? info.Options.GetTypeInfo(elementType) : null;
                var index = 0;
                foreach (var item in items)
                {
                    if (item is null) throw new JsonException($"element {index} of an array must not be null");
                    if (elementInfo is not null) Check(item, elementInfo, top: false, depth + 1);
                    index++;
                }
                break;
        }
    }

    // Strings, numbers and raw JSON hold no arrays of their own; everything else may.
    private static bool NeedsWalk(Type type) =>
        !(type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(JsonElement) || type == typeof(JsonElement?) || type == typeof(decimal)
          || (Nullable.GetUnderlyingType(type) is { } u && (u.IsPrimitive || u.IsEnum)));
}
