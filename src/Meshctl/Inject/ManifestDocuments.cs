using System.Text;
using System.Text.RegularExpressions;

namespace Mesh.Meshctl.Inject;

/// <summary>
/// Splits a multi-document YAML stream into its documents' text at <c>---</c> lines, so that documents meshctl does not
/// change are written back exactly as read (comments included).
/// </summary>
internal static partial class ManifestDocuments
{
    public static IReadOnlyList<string> Split(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        var documents = new List<string>();
        var current = new StringBuilder();
        foreach (var line in yaml.ReplaceLineEndings("\n").Split('\n'))
        {
            if (Separator().IsMatch(line))
            {
                documents.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(line).Append('\n');
        }
        documents.Add(current.ToString());
        // The text after a final newline is an empty line, not content; documents holding only comments and blanks count.
        return documents.Select(d => d.TrimEnd('\n') + "\n").Where(d => d.Trim().Length > 0).ToList();
    }

    [GeneratedRegex(@"^---(\s.*)?$")]
    private static partial Regex Separator();
}
