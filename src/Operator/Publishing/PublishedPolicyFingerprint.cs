using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Mesh.XdsServer.Translation;

namespace Mesh.Operator.Publishing;

/// <summary>
/// A policy's published content as a digest, so that the publisher can tell a change from a resubmission without
/// translating: its JSON without the services, then each service's content versions (<see cref="ServiceVersion"/>,
/// memoized per service instance and read again by the translator, so a service is serialized once between its plan
/// and its publish). An instance submitted again (reconcilers reuse a plan while its inputs are unchanged) is not hashed
/// again.
/// </summary>
internal static class PublishedPolicyFingerprint
{
    // Keyed by instance, dropped with it; PublishedPolicy is immutable, so an instance's fingerprint never changes.
    private static readonly ConditionalWeakTable<PublishedPolicy, string> Known = new();

    public static string Of(PublishedPolicy policy) => Known.GetValue(policy, Compute);

    private static string Compute(PublishedPolicy policy)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rest = JsonSerializer.SerializeToUtf8Bytes(policy with { Services = [] });
        Span<byte> buffer = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(buffer, rest.Length);
        hash.AppendData(buffer[..8]);
        hash.AppendData(rest);
        foreach (var service in policy.Services)
        {
            var version = ServiceVersion.Of(service);
            BinaryPrimitives.WriteUInt64BigEndian(buffer, version.Config);
            BinaryPrimitives.WriteUInt64BigEndian(buffer[8..], version.Endpoints);
            hash.AppendData(buffer);
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
