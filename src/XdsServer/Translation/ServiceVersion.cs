using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;
using Mesh.XdsServer.Model;

namespace Mesh.XdsServer.Translation;

/// <summary>
/// The content versions of one service: <see cref="Config"/> covers everything but the endpoints (what clusters, routes
/// and listeners are built from), <see cref="Endpoints"/> the endpoints alone (what ClusterLoadAssignments add). Equal
/// versions mean equal content, so translation memos keyed by them may hand out an earlier model's messages. Public so
/// that a publisher can fingerprint its services with the very versions the translator will read (computed once).
/// </summary>
public readonly record struct ServiceVersion(ulong Config, ulong Endpoints)
{
    private static readonly ConditionalWeakTable<MeshService, StrongBox<ServiceVersion>> Known = new();

    /// <summary>
    /// The versions of <paramref name="service"/>, computed from its content once per instance (a publisher that keeps
    /// unchanged services' instances hashes only what changed).
    /// </summary>
    public static ServiceVersion Of(MeshService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Known.GetValue(service, static s => new StrongBox<ServiceVersion>(Compute(s))).Value;
    }

    private static ServiceVersion Compute(MeshService service) => new(
        HashOf(JsonSerializer.SerializeToUtf8Bytes(service with { Endpoints = [] })),
        HashOf(JsonSerializer.SerializeToUtf8Bytes(service.Endpoints)));

    internal static ulong HashOf(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest);
    }
}
