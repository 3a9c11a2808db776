using System.Security.Cryptography;
using Google.Protobuf;
using Grpc.Net.Client;
using Mesh.Testing;
using Mesh.XdsServer.Snapshots;

namespace Mesh.EndToEnd.Tests.Chaos;

/// <summary>
/// The xDS half of the chaos tests' comparer: what an operator serves one node, every type this server serves
/// (subscribed as wildcards, which this server honours for every type), as "type name" -> hash of the resource's bytes.
/// version_info and nonces are left out: two operators on the same API state must serve the same resources, whatever
/// they number them.
/// </summary>
internal static class XdsSnapshot
{
    private static readonly string[] Types = [TypeUrls.Listener, TypeUrls.Route, TypeUrls.Cluster, TypeUrls.Endpoint, TypeUrls.Secret];

    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(string address, string nodeId, GrpcChannelOptions? options = null)
    {
        await using var proxy = new AdsTestClient(address, nodeId, options);
        var resources = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in Types)
        {
            await proxy.SubscribeAsync(type);
            var response = await proxy.ReceiveAsync(type);
            var shortType = type[(type.LastIndexOf('.') + 1)..];
            foreach (var any in response.Resources)
            {
                var name = NameOf(any);
                resources[$"{shortType} {name}"] = Convert.ToHexString(SHA256.HashData(any.Value.ToByteArray()))[..16];
            }
        }

        return resources;
    }

    /// <summary>Every resource type served here has its name in field 1 (Listener, RouteConfiguration, Cluster, ClusterLoadAssignment, Secret).</summary>
    private static string NameOf(Google.Protobuf.WellKnownTypes.Any any)
    {
        var input = new CodedInputStream(any.Value.ToByteArray());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                return input.ReadString();
            }

            input.SkipLastField();
        }

        return "";
    }
}
