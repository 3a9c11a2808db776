using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Mesh.LocalCluster.Http;

/// <summary>
/// Converts YAML to the JSON the API accepts. Plain scalars are typed by the YAML 1.2 core schema (what kubectl's
/// sigs.k8s.io/yaml does): null, true/false, integers, floats; quoted and block scalars stay strings. Shared by the
/// embedded API (YAML request bodies) and the operator's manifest applier, so both read a manifest the same way.
/// </summary>
public static partial class YamlToJson
{
    /// <summary>The first document of <paramref name="yaml"/>, or null when there is none or it is empty.</summary>
    public static JsonNode? Convert(string yaml) => Load(yaml).Documents.Select(d => Node(d.RootNode)).FirstOrDefault();

    /// <summary>Every document of a multi-document YAML text, in order; an empty document is null.</summary>
    public static IReadOnlyList<JsonNode?> ConvertAll(string yaml) => Load(yaml).Documents.Select(d => Node(d.RootNode)).ToList();

    /// <summary>Every document of a multi-document YAML text that is an object (a manifest); empty documents are skipped.</summary>
    public static IReadOnlyList<JsonObject> Documents(string yaml) => ConvertAll(yaml).OfType<JsonObject>().ToList();

    private static YamlStream Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream;
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode map => Map(map),
        YamlSequenceNode seq => new JsonArray(seq.Children.Select(Node).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonObject Map(YamlMappingNode map)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            obj[((YamlScalarNode)key).Value ?? ""] = Node(value);
        }

        return obj;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (Integer().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        // The regex keeps words double.TryParse would take (Infinity, -NaN) as strings; an out-of-range number such as
        // 1e400 has no JSON form, so it stays a string too rather than failing when the body is written.
        if (Float().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsFinite(number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
