using System.Text.RegularExpressions;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using Cel;
using Cel.Internal;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// Compiles x-kubernetes-validations rules with the Cel package, once per schema. The package only finds unknown
/// functions and variables when it evaluates, so compile also walks the parse tree and reports them the way cel-go's
/// checker does (<c>undeclared reference to 'x' (in container '')</c>), so a CRD with such a rule is refused on create.
/// </summary>
internal static partial class CelCompiler
{
    private static int _compilations;

    private static readonly Lazy<CelEnvironment> Environment = new(CreateEnvironment, LazyThreadSafetyMode.ExecutionAndPublication);

    // Functions and macros of Cel 0.3.3 (CelFunctions.InitializeFunctions, CelMacros.InitializeMacros).
    private static readonly HashSet<string> BuiltIns = new(StringComparer.Ordinal)
    {
        "bool", "bytes", "contains", "decimal", "double", "duration", "dyn", "endsWith", "getDate", "getDayOfMonth",
        "getDayOfWeek", "getDayOfYear", "getFullYear", "getHours", "getMilliseconds", "getMinutes", "getMonth", "getSeconds",
        "has", "int", "matches", "size", "startsWith", "string", "timestamp", "type", "uint",
        "all", "exists", "exists_one", "filter", "map",
    };

    private static readonly HashSet<string> Macros = new(StringComparer.Ordinal) { "all", "exists", "exists_one", "filter", "map" };

    private static readonly HashSet<string> TypeIdentifiers = new(StringComparer.Ordinal)
    {
        "int", "uint", "double", "bool", "string", "bytes", "list", "map", "null_type", "type", "dyn",
    };

    /// <summary>How many expressions were compiled since the process started: lets tests prove Admit never compiles.</summary>
    public static int CompilationCount => Volatile.Read(ref _compilations);

    /// <summary>The functions registered on top of the package (the Kubernetes libraries).</summary>
    public static IReadOnlyCollection<string> LibraryFunctions => CelLibrary.Names;

    public static CelRule CompileRule(string rule, string message, string messageExpression, string fieldPath, string? reason)
    {
        var (program, error, usesOldSelf) = Compile(rule);
        CelProgramDelegate? messageProgram = null;
        string? messageError = null;
        if (messageExpression.Trim().Length > 0)
        {
            (messageProgram, messageError, _) = Compile(messageExpression);
        }

        return new CelRule
        {
            Rule = rule,
            Message = message,
            MessageExpression = messageExpression,
            FieldPath = fieldPath,
            Reason = reason,
            Program = program,
            CompileError = error,
            MessageProgram = messageProgram,
            MessageExpressionCompileError = messageError,
            IsTransition = usesOldSelf,
        };
    }

    private static readonly HashSet<string> Empty = new(StringComparer.Ordinal);

    private static readonly HashSet<string> RuleRoots = new(StringComparer.Ordinal) { "self", "oldSelf" };

    /// <summary>An x-kubernetes-validations expression: its variables are self and oldSelf.</summary>
    public static (CelProgramDelegate? Program, string? Error, bool UsesOldSelf) Compile(string expression)
    {
        var (program, error, roots) = Compile(expression, RuleRoots);
        return (program, error, roots.Contains("oldSelf"));
    }

    /// <summary>
    /// An expression whose variables are <paramref name="roots"/> (admission policies: object, oldObject, request, ...);
    /// also returns which of them it mentions.
    /// </summary>
    public static (CelProgramDelegate? Program, string? Error, IReadOnlySet<string> UsedRoots) Compile(string expression, IReadOnlySet<string> roots)
    {
        Interlocked.Increment(ref _compilations);
        if (string.IsNullOrWhiteSpace(expression))
        {
            return (null, "ERROR: <input>:1:1: Syntax error: the expression is empty", Empty);
        }

        var environment = Environment.Value;
        CelParser.StartContext tree;
        try
        {
            tree = environment.Parse(expression);
        }
        catch (Exception error)
        {
            return (null, SyntaxError(error.Message), Empty);
        }

        var identifiers = new List<(string Name, IToken Token, bool IsCall)>();
        var bound = new HashSet<string>(StringComparer.Ordinal);
        Collect(tree, identifiers, bound);
        foreach (var (name, token, isCall) in identifiers)
        {
            var known = isCall
                ? BuiltIns.Contains(name) || CelLibrary.Names.Contains(name)
                : roots.Contains(name) || bound.Contains(name) || TypeIdentifiers.Contains(name);
            if (!known)
            {
                return (null, $"ERROR: <input>:{token.Line}:{token.Column + 1}: undeclared reference to '{name}' (in container '')", Empty);
            }
        }

        var used = identifiers.Where(i => !i.IsCall && roots.Contains(i.Name)).Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        try
        {
            var program = environment.Compile(tree);
            return (program, null, used);
        }
        catch (Exception error)
        {
            return (null, $"ERROR: <input>:1:1: {error.Message}", Empty);
        }
    }

    /// <summary>The parse tree of an expression, or null when it does not parse. Not counted as a compilation.</summary>
    public static CelParser.StartContext? TryParse(string expression)
    {
        try
        {
            return string.IsNullOrWhiteSpace(expression) ? null : Environment.Value.Parse(expression);
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static void Collect(IParseTree node, List<(string, IToken, bool)> identifiers, HashSet<string> bound)
    {
        switch (node)
        {
            case CelParser.MemberCallContext call when call.id is not null:
                identifiers.Add((call.id.Text, call.id, true));
                if (Macros.Contains(call.id.Text) && call.args?.GetChild(0) is { } variable)
                {
                    bound.Add(variable.GetText());
                }

                break;
            case CelParser.IdentOrGlobalCallContext ident when ident.id is not null:
                identifiers.Add((ident.id.Text, ident.id, ident.op is not null));
                break;
        }

        for (var i = 0; i < node.ChildCount; i++)
        {
            Collect(node.GetChild(i), identifiers, bound);
        }
    }

    private static string SyntaxError(string message)
    {
        var located = LineColumn().Match(message);
        return located.Success
            ? $"ERROR: <input>:{located.Groups[1].Value}:{int.Parse(located.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}: Syntax error: {located.Groups[3].Value}"
            : $"ERROR: <input>:1:1: Syntax error: {message}";
    }

    private static CelEnvironment CreateEnvironment()
    {
        var environment = new CelEnvironment(null, null);
        CelLibrary.Register(environment);
        return environment;
    }

    [GeneratedRegex(@"^Line (\d+):(\d+) (.*)$", RegexOptions.Singleline)]
    private static partial Regex LineColumn();
}
