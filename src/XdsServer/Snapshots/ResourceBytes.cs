using System.Collections;
using System.Runtime.CompilerServices;
using Envoy.Config.Route.V3;
using Google.Protobuf;

namespace Mesh.XdsServer.Snapshots;

/// <summary>
/// The wire form of a resource. A sidecar's route configuration holds a virtual host per visible service, and those
/// virtual hosts are shared instances: the same host is in every namespace's configuration and survives config changes
/// of other services. So a route configuration is written as its other fields followed by each virtual host's bytes,
/// serialized once per instance; a route change of one service serializes one virtual host instead of every host of
/// every configuration it is in. Protobuf allows a repeated field's elements after the other fields, and a parser reads
/// back the same message; the bytes are deterministic for equal messages built from the same instances.
/// </summary>
internal static class ResourceBytes
{
    private const int VirtualHostsField = RouteConfiguration.VirtualHostsFieldNumber;

    private static readonly ConditionalWeakTable<VirtualHost, ByteString> HostBytes = new();

    public static ByteString Of(IMessage message) =>
        message is RouteConfiguration { VirtualHosts.Count: > 1 } config ? Compose(config) : message.ToByteString();

    private static ByteString Compose(RouteConfiguration config)
    {
        var shell = WithoutVirtualHosts(config);
        var hosts = new ByteString[config.VirtualHosts.Count];
        var size = shell.CalculateSize();
        var tagSize = CodedOutputStream.ComputeTagSize(VirtualHostsField);
        for (var i = 0; i < hosts.Length; i++)
        {
            hosts[i] = HostBytes.GetValue(config.VirtualHosts[i], static h => h.ToByteString());
            size += tagSize + CodedOutputStream.ComputeLengthSize(hosts[i].Length) + hosts[i].Length;
        }

        var buffer = new byte[size];
        var output = new CodedOutputStream(buffer);
        shell.WriteTo(output);
        foreach (var host in hosts)
        {
            output.WriteTag(VirtualHostsField, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(host);
        }
        output.CheckNoSpaceLeft();
        return UnsafeByteOperations.UnsafeWrap(buffer);
    }

    /// <summary>Every field of <paramref name="config"/> but its virtual hosts (sub-messages shared, not copied: it is only
    /// written, never kept).</summary>
    private static RouteConfiguration WithoutVirtualHosts(RouteConfiguration config)
    {
        var shell = new RouteConfiguration();
        foreach (var field in RouteConfiguration.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldNumber == VirtualHostsField)
            {
                continue;
            }
            var value = field.Accessor.GetValue(config);
            if (field.IsMap)
            {
                var target = (IDictionary)field.Accessor.GetValue(shell);
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    target[entry.Key] = entry.Value;
                }
            }
            else if (field.IsRepeated)
            {
                var target = (IList)field.Accessor.GetValue(shell);
                foreach (var item in (IList)value)
                {
                    target.Add(item);
                }
            }
            else if (value is not null && (!field.HasPresence || field.Accessor.HasValue(config))
                && (field.RealContainingOneof is not { } oneof || oneof.Accessor.GetCaseFieldDescriptor(config) == field))
            {
                field.Accessor.SetValue(shell, value);
            }
        }
        return shell;
    }
}
