using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Mesh.Operator.WhatIf;

/// <summary>
/// A resource as the JSON Envoy's config dump shows (proto field names, indented, Any payloads expanded), one field per
/// line so that a line diff shows what changed. Memoized by instance: the translator shares messages across proxies.
/// </summary>
internal sealed class ResourceJson
{
    private static readonly Lazy<JsonFormatter> Formatter = new(() => new JsonFormatter(JsonFormatter.Settings.Default
        .WithTypeRegistry(BuildRegistry())
        .WithPreserveProtoFieldNames(true)
        .WithFormatEnumsAsIntegers(false)
        .WithIndentation("  ")));

    private readonly Dictionary<IMessage, string> _formatted = new(ReferenceEqualityComparer.Instance);

    public string Of(IMessage message)
    {
        if (!_formatted.TryGetValue(message, out var json))
        {
            _formatted[message] = json = Formatter.Value.Format(message) + "\n";
        }
        return json;
    }

    private static TypeRegistry BuildRegistry()
    {
        // Generated "<File>Reflection" classes expose the FileDescriptor of each compiled .proto.
        var files = typeof(Envoy.Config.Cluster.V3.Cluster).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>();
        return TypeRegistry.FromFiles(files);
    }
}
