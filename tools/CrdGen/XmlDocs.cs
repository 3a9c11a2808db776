using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Mesh.CrdGen;

/// <summary>The XML doc summaries of an assembly, as plain sentences for CRD descriptions (what kubectl explain shows).</summary>
internal sealed partial class XmlDocs
{
    private readonly Dictionary<string, string> _summaries;

    private XmlDocs(Dictionary<string, string> summaries) => _summaries = summaries;

    /// <summary>Loads the doc file built beside the assembly (GenerateDocumentationFile).</summary>
    public static XmlDocs For(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The XML doc file of {assembly.GetName().Name} is missing; build it with GenerateDocumentationFile.", path);
        }

        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in XDocument.Load(path).Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
            {
                summaries[name] = Flatten(summary);
            }
        }

        return new XmlDocs(summaries);
    }

    public string Of(Type type) => _summaries.GetValueOrDefault("T:" + type.FullName, "");

    public string Of(PropertyInfo property) =>
        _summaries.GetValueOrDefault($"P:{property.DeclaringType!.FullName}.{property.Name}", "");

    private static string Flatten(XElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(t.Value);
                    break;
                case XElement { Name.LocalName: "see" } see:
                    text.Append(CrefText(see.Attribute("cref")?.Value ?? see.Attribute("langword")?.Value ?? ""));
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } p:
                    text.Append(p.Attribute("name")?.Value);
                    break;
                case XElement inner:
                    text.Append(Flatten(inner));
                    break;
            }
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    // A property cref reads best as its JSON name (camelCase); types and enum values by their own name.
    private static string CrefText(string cref)
    {
        var name = cref[(cref.LastIndexOf('.') + 1)..];
        return cref.StartsWith("P:", StringComparison.Ordinal) && name.Length > 0
            ? char.ToLowerInvariant(name[0]) + name[1..]
            : name;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
