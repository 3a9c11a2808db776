using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Reads numbers from any JsonValue: parsed ones (backed by JsonElement) convert freely, but values built in code
/// (JsonValue.Create(5L)) only give back their own CLR type.
/// </summary>
internal static class JsonNumbers
{
    /// <summary>An integer literal (no fraction or exponent in JSON, or an integral CLR type).</summary>
    public static bool TryInteger(JsonValue value, out long result)
    {
        if (value.TryGetValue(out result))
        {
            return true;
        }

        if (value.TryGetValue<int>(out var i))
        {
            result = i;
            return true;
        }

        if (value.TryGetValue<uint>(out var u))
        {
            result = u;
            return true;
        }

        return false;
    }

    public static bool TryDouble(JsonValue value, out double result)
    {
        if (value.TryGetValue(out result))
        {
            return true;
        }

        if (TryInteger(value, out var l))
        {
            result = l;
            return true;
        }

        if (value.TryGetValue<float>(out var f))
        {
            result = f;
            return true;
        }

        if (value.TryGetValue<decimal>(out var m))
        {
            result = (double)m;
            return true;
        }

        return false;
    }

    public static double Double(JsonNode node) => TryDouble(node.AsValue(), out var d) ? d : double.NaN;
}
