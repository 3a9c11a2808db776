using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Mesh.XdsServer.Validation;

/// <summary>
/// Unpacks an Any of a known envoy type and checks the packed message, as Envoy does when it loads an extension's
/// typed_config. Types outside the compiled protos are left alone: Envoy decides about those.
/// </summary>
internal static class AnyResolver
{
    private static readonly Lazy<TypeRegistry> Registry = new(BuildRegistry);
    private static readonly ConcurrentDictionary<string, MessagePlan?> ByTypeUrl = new(StringComparer.Ordinal);

    public static void ValidatePacked(Any any, ValidationContext context)
    {
        var plan = ByTypeUrl.GetOrAdd(any.TypeUrl, Resolve);
        if (plan is null)
        {
            return;
        }

        context.Push(PathSegment.AnyType(plan.Descriptor.Name));
        try
        {
            plan.Validate(plan.Descriptor.Parser.ParseFrom(any.Value), context);
        }
        catch (InvalidProtocolBufferException e)
        {
            context.Fail($"embedded message failed to unpack: {e.Message}");
        }
        finally
        {
            context.Pop();
        }
    }

    private static MessagePlan? Resolve(string typeUrl)
    {
        var descriptor = Registry.Value.Find(Any.GetTypeName(typeUrl));
        if (descriptor is null)
        {
            return null;
        }

        var plan = PlanCache.For(descriptor);
        return plan.HasWork ? plan : null;
    }

    private static TypeRegistry BuildRegistry()
    {
        // Every generated *Reflection class of the protos assembly exposes its file; the registry follows dependencies.
        var files = typeof(Envoy.Config.Cluster.V3.Cluster).Assembly.GetTypes()
            .Select(t => t.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static))
            .Where(p => p?.PropertyType == typeof(FileDescriptor))
            .Select(p => (FileDescriptor)p!.GetValue(null)!)
            .ToArray();
        return TypeRegistry.FromFiles(files);
    }
}
