using System.Collections;
using System.Globalization;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// The Kubernetes CEL list library (k8s.io/apiserver/pkg/cel/library/lists.go): sum, min, max, isSorted, indexOf and
/// lastIndexOf on lists. The Cel package hands lists over as List&lt;object?&gt; (from JSON) or object[] (from macros).
/// </summary>
internal static class CelListFunctions
{
    public static object Sum(object?[] args)
    {
        var items = List(args[0], "sum").Cast<object?>().ToList();
        if (items.All(i => i is long or int))
        {
            return items.Sum(i => Convert.ToInt64(i, CultureInfo.InvariantCulture));
        }

        return items.Sum(i => Convert.ToDouble(i, CultureInfo.InvariantCulture));
    }

    public static object? Min(object?[] args) => Extreme(args, "min", -1);

    public static object? Max(object?[] args) => Extreme(args, "max", 1);

    public static object IsSorted(object?[] args)
    {
        var items = List(args[0], "isSorted");
        for (var i = 1; i < items.Count; i++)
        {
            if (Compare(items[i - 1], items[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    public static object IndexOf(object?[] args, bool last)
    {
        var items = List(args[0], last ? "lastIndexOf" : "indexOf");
        var range = Enumerable.Range(0, items.Count);
        foreach (var i in last ? range.Reverse() : range)
        {
            if (CelValues.AreEqual(items[i], args[1]))
            {
                return (long)i;
            }
        }

        return -1L;
    }

    public static IList List(object? value, string function) => value switch
    {
        IList list => list,
        _ => throw new InvalidOperationException($"no such overload: {function}"),
    };

    private static object? Extreme(object?[] args, string function, int sign)
    {
        // min()/max() also take varargs in newer Kubernetes versions (min(1, 2)); both forms are accepted.
        IList items = args.Length == 1 ? List(args[0], function) : args;
        if (items.Count == 0)
        {
            throw new InvalidOperationException($"{function} called on empty list");
        }

        var best = items[0];
        foreach (var item in items)
        {
            if (Compare(item, best) * sign > 0)
            {
                best = item;
            }
        }

        return best;
    }

    private static int Compare(object? a, object? b) => (a, b) switch
    {
        (string x, string y) => string.CompareOrdinal(x, y),
        (bool x, bool y) => x.CompareTo(y),
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (Google.Protobuf.WellKnownTypes.Duration x, Google.Protobuf.WellKnownTypes.Duration y) => x.ToTimeSpan().CompareTo(y.ToTimeSpan()),
        _ when a is IConvertible && b is IConvertible && a is not string && b is not string =>
            Convert.ToDouble(a, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(b, CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException("no such overload: values are not comparable"),
    };
}
