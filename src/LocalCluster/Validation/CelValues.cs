using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Turns JSON into the plain CLR values the Cel package evaluates (<see cref="CelMap"/>, List&lt;object?&gt;,
/// long, double, string, bool, null), typed by the schema as k8s.io/apiserver/pkg/cel/common/values.go does: integers
/// are int64, numbers double, strings with format duration / date-time become durations / timestamps.
/// </summary>
internal static class CelValues
{
    public static object? FromJson(JsonNode? node, SchemaNode? schema)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
            {
                var map = new Dictionary<string, object?>(obj.Count, StringComparer.Ordinal);
                foreach (var (key, value) in obj)
                {
                    if (schema is not null && schema.Properties.TryGetValue(key, out var property))
                    {
                        if (CelPropertyNames.Escape(key) is { } name)
                        {
                            map[name] = FromJson(value, property);
                        }
                    }
                    else
                    {
                        map[key] = FromJson(value, schema?.AdditionalProperties);
                    }
                }

                return new CelMap(map);
            }

            case JsonArray array:
            {
                var list = new List<object?>(array.Count);
                foreach (var item in array)
                {
                    list.Add(FromJson(item, schema?.Items));
                }

                return list;
            }

            default:
                return Scalar(node.AsValue(), schema);
        }
    }

    private static object? Scalar(JsonValue value, SchemaNode? schema)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (schema?.Format == "duration" && GoDuration.TryParse(text, out var duration))
                {
                    return Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(duration);
                }

                if (schema?.Format is "date-time" or "datetime" or "date"
                    && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
                {
                    return timestamp;
                }

                return text;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.Number:
                if (schema?.Type == "number")
                {
                    return JsonNumbers.Double(value);
                }

                return JsonNumbers.TryInteger(value, out var integer) ? integer : ToDouble(value);
            default:
                return null;
        }
    }

    private static object ToDouble(JsonValue value)
    {
        var d = JsonNumbers.Double(value);
        return double.IsInteger(d) && Math.Abs(d) < 9.2e18 ? (long)d : d;
    }

    /// <summary>CEL equality for the values above (numbers compare across int and double).</summary>
    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        (null, null) => true,
        (null, _) or (_, null) => false,
        (string x, string y) => x == y,
        (bool x, bool y) => x == y,
        (IDictionary x, IDictionary y) => x.Count == y.Count && x.Keys.Cast<object>().All(k => y.Contains(k) && AreEqual(x[k], y[k])),
        (IList x, IList y) => x.Count == y.Count && Enumerable.Range(0, x.Count).All(i => AreEqual(x[i], y[i])),
        _ when IsNumber(a) && IsNumber(b) => Convert.ToDouble(a, CultureInfo.InvariantCulture) == Convert.ToDouble(b, CultureInfo.InvariantCulture),
        _ => a.Equals(b),
    };

    private static bool IsNumber(object value) => value is long or int or double or uint or ulong;
}
