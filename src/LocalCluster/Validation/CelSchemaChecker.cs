using System.Text.RegularExpressions;
using Antlr4.Runtime.Tree;
using Cel.Internal;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// The part of cel-go's type check a CRD author trips over most: selecting a field the schema does not declare
/// (<c>ERROR: &lt;input&gt;:1:6: undefined field 'foo'</c>), and a rule's fieldPath that names no field
/// (apiextensions validation.go: "fieldPath must be a valid path: does not refer to a valid field"). Only chains that
/// start at self or oldSelf are checked; macro variables are not typed.
/// </summary>
internal static partial class CelSchemaChecker
{
    public static string? UndefinedField(string expression, SchemaNode node, bool isRoot)
    {
        var tree = CelCompiler.TryParse(expression);
        return tree is null ? null : Check(tree, node, isRoot);
    }

    public static string? InvalidFieldPath(string fieldPath, SchemaNode node)
    {
        var position = 0;
        var current = node;
        foreach (Match segment in FieldPathSegment().Matches(fieldPath))
        {
            if (segment.Index != position)
            {
                return "does not refer to a valid field";
            }

            position = segment.Index + segment.Length;
            if (segment.Groups["index"].Success)
            {
                return $"expected single quoted string but got {segment.Groups["index"].Value}";
            }

            var name = segment.Groups["name"].Success ? segment.Groups["name"].Value : segment.Groups["key"].Value;
            if (current.Properties.TryGetValue(name, out var property))
            {
                current = property;
            }
            else if (current.AdditionalProperties is { } additional)
            {
                current = additional;
            }
            else
            {
                return "does not refer to a valid field";
            }
        }

        return position == fieldPath.Length && position > 0 ? null : "does not refer to a valid field";
    }

    private static string? Check(IParseTree tree, SchemaNode node, bool isRoot)
    {
        if (tree is CelParser.SelectContext select && Chain(select) is { } chain)
        {
            var error = Resolve(chain, node, isRoot);
            if (error is not null)
            {
                return error;
            }
        }

        for (var i = 0; i < tree.ChildCount; i++)
        {
            if (Check(tree.GetChild(i), node, isRoot) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static List<CelParser.SelectContext>? Chain(CelParser.SelectContext select)
    {
        var chain = new List<CelParser.SelectContext>();
        IParseTree current = select;
        while (current is CelParser.SelectContext step)
        {
            chain.Insert(0, step);
            current = step.GetChild(0);
        }

        return current is CelParser.PrimaryExprContext { ChildCount: 1 } primary
            && primary.GetChild(0) is CelParser.IdentOrGlobalCallContext { op: null } ident
            && ident.id.Text is "self" or "oldSelf"
            ? chain
            : null;
    }

    private static string? Resolve(List<CelParser.SelectContext> chain, SchemaNode node, bool isRoot)
    {
        var current = node;
        for (var i = 0; i < chain.Count; i++)
        {
            var name = chain[i].id.Text;
            if (isRoot && i == 0 && name is "apiVersion" or "kind" && !current.Properties.ContainsKey(name))
            {
                return null;
            }

            if (isRoot && i == 0 && name == "metadata")
            {
                return chain.Count > 1 && chain[1].id.Text is not ("name" or "generateName") ? Undefined(chain[1]) : null;
            }

            var property = current.Properties.FirstOrDefault(p => CelPropertyNames.Escape(p.Key) == name).Value;
            if (property is not null)
            {
                current = property;
            }
            else if (current.AdditionalProperties is { } additional)
            {
                current = additional;
            }
            else if (current.PreserveUnknownFields || current.AdditionalPropertiesAllowed || current.IntOrString || current.Type is null)
            {
                return null;
            }
            else
            {
                return Undefined(chain[i]);
            }
        }

        return null;
    }

    private static string Undefined(CelParser.SelectContext select) =>
        $"ERROR: <input>:{select.id.Line}:{select.id.Column + 1}: undefined field '{select.id.Text}'";

    [GeneratedRegex(@"\.(?<name>[A-Za-z_][A-Za-z0-9_]*)|\['(?<key>[^']*)'\]|\[(?<index>\d+)\]")]
    private static partial Regex FieldPathSegment();
}
