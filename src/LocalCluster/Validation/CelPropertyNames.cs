using System.Text;

namespace Mesh.LocalCluster.Validation;

/// <summary>
/// How schema property names appear to CEL (k8s.io/apiserver/pkg/cel/escaping.go): reserved words become
/// __word__ (self.__namespace__), "__" "." "-" "/" become __underscores__ __dot__ __dash__ __slash__; names with
/// other characters, or starting with a digit, are not accessible. Keys of additionalProperties maps are not escaped.
/// </summary>
internal static class CelPropertyNames
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    };

    public static string? Escape(string name)
    {
        if (name.Length == 0 || char.IsAsciiDigit(name[0]))
        {
            return null;
        }

        if (Reserved.Contains(name))
        {
            return $"__{name}__";
        }

        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' && i + 1 < name.Length && name[i + 1] == '_')
            {
                builder.Append("__underscores__");
                i++;
            }
            else if (c is '.' or '-' or '/')
            {
                builder.Append(c switch { '.' => "__dot__", '-' => "__dash__", _ => "__slash__" });
            }
            else if (char.IsAsciiLetterOrDigit(c) || c == '_')
            {
                builder.Append(c);
            }
            else
            {
                return null;
            }
        }

        return builder.ToString();
    }
}
