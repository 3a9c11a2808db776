using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>Prints values the way the Go API server's fmt verbs do in error messages (%q, %v, %#v).</summary>
internal static class GoFormat
{
    /// <summary>strconv.Quote / %q.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case < 0x20 or 0x7f: builder.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}"); break;
                default: builder.Append(rune.ToString()); break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>The value part of a field error: strings quoted, numbers and booleans plain, null as "null", anything else %#v-like.</summary>
    public static string Value(object? value) => value switch
    {
        null => "\"null\"",
        string s => Quote(s),
        bool b => b ? "true" : "false",
        long or int => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        double d => Float(d),
        JsonNode node => Node(node),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>%v of a float64: shortest representation, exponent form from 1e21 (strconv 'g' with shortest precision).</summary>
    public static string Float(double value)
    {
        if (double.IsInteger(value) && Math.Abs(value) < 1e21)
        {
            return value.ToString("F0", CultureInfo.InvariantCulture);
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.Replace("E+", "e+", StringComparison.Ordinal).Replace("E-", "e-", StringComparison.Ordinal);
    }

    /// <summary>A JSON value as the unstructured Go value's %#v would read (close enough for maps and lists).</summary>
    public static string Node(JsonNode? node) => node switch
    {
        null => "\"null\"",
        JsonObject obj => "map[string]interface {}{" + string.Join(", ", obj.Select(p => $"{Quote(p.Key)}:{Node(p.Value)}")) + "}",
        JsonArray array => "[]interface {}{" + string.Join(", ", array.Select(Node)) + "}",
        JsonValue v when v.TryGetValue<string>(out var s) => Quote(s),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when JsonNumbers.TryInteger(v, out var l) => l.ToString(CultureInfo.InvariantCulture),
        JsonValue v when JsonNumbers.TryDouble(v, out var d) => Float(d),
        _ => node.ToJsonString(),
    };
}
