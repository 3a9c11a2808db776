using Cel;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Registers the Kubernetes CEL libraries CRD rules use and the Cel package lacks. Arguments are typed object so one
/// registration serves strings, List&lt;object?&gt; and the object[] a macro returns; each function checks types itself.
/// </summary>
internal static class CelLibrary
{
    private static readonly (string Name, int Arity, CelFunctionDelegateLike Body)[] Functions =
    [
        ("sum", 1, CelListFunctions.Sum),
        ("min", 1, CelListFunctions.Min),
        ("min", 2, CelListFunctions.Min),
        ("max", 1, CelListFunctions.Max),
        ("max", 2, CelListFunctions.Max),
        ("isSorted", 1, CelListFunctions.IsSorted),
        ("indexOf", 2, a => CelStringFunctions.IndexOf(a, last: false)),
        ("indexOf", 3, a => CelStringFunctions.IndexOf(a, last: false)),
        ("lastIndexOf", 2, a => CelStringFunctions.IndexOf(a, last: true)),
        ("lastIndexOf", 3, a => CelStringFunctions.IndexOf(a, last: true)),
        ("lowerAscii", 1, CelStringFunctions.LowerAscii),
        ("upperAscii", 1, CelStringFunctions.UpperAscii),
        ("trim", 1, CelStringFunctions.Trim),
        ("replace", 3, CelStringFunctions.Replace),
        ("replace", 4, CelStringFunctions.Replace),
        ("split", 2, CelStringFunctions.Split),
        ("split", 3, CelStringFunctions.Split),
        ("join", 1, CelStringFunctions.Join),
        ("join", 2, CelStringFunctions.Join),
        ("charAt", 2, CelStringFunctions.CharAt),
        ("substring", 2, CelStringFunctions.Substring),
        ("substring", 3, CelStringFunctions.Substring),
        ("find", 2, CelStringFunctions.Find),
        ("findAll", 2, CelStringFunctions.FindAll),
        ("findAll", 3, CelStringFunctions.FindAll),
        ("isURL", 1, CelStringFunctions.IsUrl),
        ("url", 1, CelStringFunctions.Url),
        ("getScheme", 1, a => CelStringFunctions.UrlPart(a, "getScheme")),
        ("getHost", 1, a => CelStringFunctions.UrlPart(a, "getHost")),
        ("getHostname", 1, a => CelStringFunctions.UrlPart(a, "getHostname")),
        ("getPort", 1, a => CelStringFunctions.UrlPart(a, "getPort")),
        ("getEscapedPath", 1, a => CelStringFunctions.UrlPart(a, "getEscapedPath")),
        ("getQuery", 1, a => CelStringFunctions.UrlPart(a, "getQuery")),
    ];

    private delegate object? CelFunctionDelegateLike(object?[] args);

    public static IReadOnlyCollection<string> Names { get; } = Functions.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

    public static void Register(CelEnvironment environment)
    {
        foreach (var (name, arity, body) in Functions)
        {
            environment.RegisterFunction(name, Enumerable.Repeat(typeof(object), arity).ToArray(), args => body(args));
        }

        // The package's size() answers a 32-bit int, which its own string() and int() do not take; CEL has one int type.
        environment.RegisterFunction("string", [typeof(int)], args => ((int)args[0]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        environment.RegisterFunction("int", [typeof(int)], args => (long)(int)args[0]!);
    }
}
