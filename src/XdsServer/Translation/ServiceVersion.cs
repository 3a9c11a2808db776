using System.Buffers;
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

    // Serialized into a buffer kept per thread and hashed in place: a re-planned policy versions every one of its services
    // (endpoint churn re-plans 100 services per change in the benchmarks), and the byte array per serialization was the
    // operator's largest single allocation under churn.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    private static ServiceVersion Compute(MeshService service) => new(
        HashOfJson(service with { Endpoints = [] }),
        HashOfJson(service.Endpoints));

    /// <summary>The hash of <paramref name="value"/>'s JSON (serialized into this thread's buffer).</summary>
    internal static ulong HashOfJson<T>(T value)
    {
        var buffer = _buffer ??= new ArrayBufferWriter<byte>(16 * 1024);
        buffer.ResetWrittenCount();
        var writer = _writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, value);
        writer.Flush();
        return HashOf(buffer.WrittenSpan);
    }

    internal static ulong HashOf(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(digest);
    }
}
