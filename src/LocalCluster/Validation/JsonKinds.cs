using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>The OpenAPI type name of a JSON value, and its plain CLR value for messages.</summary>
internal static class JsonKinds
{
    public static string TypeOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => JsonNumbers.TryInteger(node.AsValue(), out _) ? "integer" : "number",
            _ => "null",
        },
    };

    /// <summary>string, long, double or bool for scalars; the node itself for objects and arrays.</summary>
    public static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject or JsonArray => (object)node,
        _ => node.GetValueKind() switch
        {
            // Typed as object: JsonNode's implicit conversions would otherwise wrap the CLR values back into nodes.
            JsonValueKind.String => (object)node.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => JsonNumbers.TryInteger(node.AsValue(), out var l) ? l : JsonNumbers.Double(node),
            _ => null,
        },
    };

    /// <summary>JSON equality where 1 and 1.0 are the same number.</summary>
    public static bool Same(JsonNode? a, JsonNode? b)
    {
        if (a is JsonValue && b is JsonValue && TypeOf(a) is "integer" or "number" && TypeOf(b) is "integer" or "number")
        {
            return JsonNumbers.Double(a) == JsonNumbers.Double(b);
        }

        return JsonNode.DeepEquals(a, b);
    }
}
