using System.Buffers;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;

namespace Mesh.XdsServer.Server.Wire;

/// <summary>
/// Parses a DiscoveryRequest as its generated parser does, except that <c>resource_names</c> come from
/// <see cref="ResourceNamePool"/> instead of being allocated per request. The top-level fields are walked twice: first
/// the names are taken out and pooled, then every other field's bytes are handed, in order, to the generated parser (so
/// node, nonce, error_detail and unknown fields are read exactly as before). Anything it does not expect (a group, a malformed
/// field, a name that is not UTF-8) sends the whole payload to the generated parser, which answers as it always did.
/// </summary>
internal static class DiscoveryRequestReader
{
    private const int ResourceNamesTag = (3 << 3) | 2;

    public static DiscoveryRequest Read(ReadOnlySequence<byte> payload) => Read(payload, ResourceNamePool.Shared);

    public static DiscoveryRequest Read(ReadOnlySequence<byte> payload, ResourceNamePool pool)
    {
        if (payload.IsSingleSegment)
        {
            return Read(payload.FirstSpan, pool);
        }

        var length = checked((int)payload.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(rented);
            return Read(rented.AsSpan(0, length), pool);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static DiscoveryRequest Read(ReadOnlySpan<byte> payload, ResourceNamePool pool)
    {
        // First walk: the names, pooled, in order; the other fields only checked for shape.
        List<string>? names = null;
        var at = 0;
        while (at < payload.Length)
        {
            if (!TryReadVarint(payload, ref at, out var tag) || !TrySkip(payload, ref at, tag, out var valueStart, out var valueLength))
            {
                return DiscoveryRequest.Parser.ParseFrom(payload);
            }

            if (tag == ResourceNamesTag)
            {
                if (pool.Get(payload.Slice(valueStart, valueLength)) is not { } name)
                {
                    return DiscoveryRequest.Parser.ParseFrom(payload);
                }

                (names ??= []).Add(name);
            }
        }

        if (names is null)
        {
            return DiscoveryRequest.Parser.ParseFrom(payload);
        }

        // Second walk: every other field, in order, for the generated parser.
        var rest = ArrayPool<byte>.Shared.Rent(payload.Length);
        try
        {
            var restLength = 0;
            at = 0;
            while (at < payload.Length)
            {
                var fieldStart = at;
                TryReadVarint(payload, ref at, out var tag);
                TrySkip(payload, ref at, tag, out _, out _);
                if (tag != ResourceNamesTag)
                {
                    payload[fieldStart..at].CopyTo(rest.AsSpan(restLength));
                    restLength += at - fieldStart;
                }
            }

            var request = DiscoveryRequest.Parser.ParseFrom(rest.AsSpan(0, restLength));
            request.ResourceNames.AddRange(names);
            return request;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rest);
        }
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= data.Length)
            {
                return false;
            }

            var b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Moves past the field's value; a length-delimited value's bounds are returned. Groups are refused.</summary>
    private static bool TrySkip(ReadOnlySpan<byte> data, ref int at, ulong tag, out int valueStart, out int valueLength)
    {
        valueStart = at;
        valueLength = 0;
        if (tag >> 3 == 0)
        {
            return false;
        }

        switch (tag & 7)
        {
            case 0:
                return TryReadVarint(data, ref at, out _);
            case 1:
                at += 8;
                return at <= data.Length;
            case 2:
                if (!TryReadVarint(data, ref at, out var length) || length > (ulong)(data.Length - at))
                {
                    return false;
                }

                valueStart = at;
                valueLength = (int)length;
                at += valueLength;
                return true;
            case 5:
                at += 4;
                return at <= data.Length;
            default:
                return false;
        }
    }
}
