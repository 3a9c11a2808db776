using System.Reflection;
using Google.Protobuf.Reflection;

namespace Mesh.XdsServer.Debug;

/// <summary>A TypeRegistry of every compiled envoy/xds proto, so that Any fields (typed_config) print as JSON.</summary>
internal static class EnvoyTypeRegistry
{
    private static readonly Lazy<TypeRegistry> Lazy = new(Build);

    public static TypeRegistry Instance => Lazy.Value;

    private static TypeRegistry Build()
    {
        // Generated "<File>Reflection" classes expose the FileDescriptor of each compiled .proto.
        var files = typeof(Envoy.Config.Cluster.V3.Cluster).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null))
            .OfType<FileDescriptor>();
        return TypeRegistry.FromFiles(files);
    }
}
