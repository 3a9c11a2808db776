using System.Buffers;
using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using FluentAssertions;
using Google.Protobuf;
using Mesh.XdsServer.Server.Wire;
using Xunit;

namespace Mesh.XdsServer.Tests.Server.Wire;

/// <summary>
/// The request reader against the generated parser, its oracle: every request, its fields in any order, with unknown
/// fields, split over buffer segments or malformed, reads the same; and repeated names are the same string instances.
/// </summary>
public sealed class DiscoveryRequestReaderTests
{
    private static readonly string[] Alphabet = ["a", "Z", "0", "-", ".", "/", ":", "é", "日本", "🙂", " ", "_"];

    [Fact]
    public void Every_request_reads_as_the_generated_parser_reads_it_whatever_the_field_order_and_segments()
    {
        var random = new Random(20261205);
        for (var i = 0; i < 3_000; i++)
        {
            var request = RandomRequest(random);
            var fields = Fields(request.ToByteArray());
            if (random.Next(3) == 0)
            {
                fields.Add(Unknown(random));
            }

            var shuffled = fields.OrderBy(_ => random.Next()).ToList();
            // Repeated names keep their relative order: only that order is the message's meaning.
            var bytes = Reorder(shuffled);
            var expected = DiscoveryRequest.Parser.ParseFrom(bytes);

            DiscoveryRequestReader.Read(bytes, ResourceNamePool.Shared).Should().Be(expected, $"case {i}");
            DiscoveryRequestReader.Read(Segmented(bytes, 1 + random.Next(7)), ResourceNamePool.Shared).Should().Be(expected, $"case {i}, segmented");
        }
    }

    [Fact]
    public void A_name_read_again_is_the_same_string_instance()
    {
        var unique = Guid.NewGuid().ToString("N");
        var bytes = new DiscoveryRequest { TypeUrl = "t", ResourceNames = { $"a-{unique}", $"b-{unique}" } }.ToByteArray();

        var first = DiscoveryRequestReader.Read(bytes, ResourceNamePool.Shared);
        var second = DiscoveryRequestReader.Read(bytes, ResourceNamePool.Shared);

        second.ResourceNames.Should().Equal(first.ResourceNames);
        ReferenceEquals(first.ResourceNames[0], second.ResourceNames[0]).Should().BeTrue();
        ReferenceEquals(first.ResourceNames[1], second.ResourceNames[1]).Should().BeTrue();
    }

    [Fact]
    public void A_full_pool_still_reads_every_name_and_grows_no_more()
    {
        var pool = new ResourceNamePool(capacity: 3);
        var names = Enumerable.Range(0, 10).Select(i => $"name-{i}").ToArray();
        var bytes = new DiscoveryRequest { ResourceNames = { names } }.ToByteArray();

        DiscoveryRequestReader.Read(bytes, pool).ResourceNames.Should().Equal(names);
        DiscoveryRequestReader.Read(bytes, pool).ResourceNames.Should().Equal(names);
        pool.Count.Should().Be(3);
    }

    [Fact]
    public void A_name_longer_than_any_resource_name_is_read_but_not_pooled()
    {
        var pool = new ResourceNamePool(capacity: 100);
        var name = new string('x', 257);
        var bytes = new DiscoveryRequest { ResourceNames = { name, "short" } }.ToByteArray();

        DiscoveryRequestReader.Read(bytes, pool).ResourceNames.Should().Equal(name, "short");
        pool.Count.Should().Be(1, "only the short name is kept");
    }

    [Fact]
    public void A_name_that_is_not_utf8_reads_as_the_generated_parser_reads_it()
    {
        var name = new byte[] { 0x0A, 0x01, 0x31, 0x1A, 0x02, 0xC3, 0x28, 0x22, 0x01, 0x74 }; // version "1", names [C3 28], type "t"

        Outcome(() => DiscoveryRequestReader.Read(name, ResourceNamePool.Shared)).Should().Be(Outcome(() => DiscoveryRequest.Parser.ParseFrom(name)));
    }

    [Theory]
    [InlineData(new byte[] { 0x1A, 0x05, 0x61 })] // a name longer than the payload
    [InlineData(new byte[] { 0x1A })] // a tag without its length
    [InlineData(new byte[] { 0x1A, 0x01, 0x61, 0x0B, 0x0C })] // a group
    [InlineData(new byte[] { 0x1A, 0x01, 0x61, 0x00 })] // field number 0
    [InlineData(new byte[] { 0x1A, 0x01, 0x61, 0x21, 0x01 })] // a fixed64 cut short
    public void A_malformed_request_fails_as_the_generated_parser_fails(byte[] payload)
    {
        Outcome(() => DiscoveryRequestReader.Read(payload, ResourceNamePool.Shared)).Should().Be(Outcome(() => DiscoveryRequest.Parser.ParseFrom(payload)));
    }

    private static string Outcome(Func<DiscoveryRequest> parse)
    {
        try
        {
            return parse().ToString();
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }

    private static DiscoveryRequest RandomRequest(Random random)
    {
        var request = new DiscoveryRequest();
        if (random.Next(2) == 0)
        {
            request.VersionInfo = Text(random);
        }

        if (random.Next(2) == 0)
        {
            request.Node = new Node { Id = Text(random), Cluster = Text(random), UserAgentName = "grpc-node-js" };
        }

        for (var n = random.Next(40); n > 0; n--)
        {
            request.ResourceNames.Add(random.Next(8) == 0 && request.ResourceNames.Count > 0
                ? request.ResourceNames[random.Next(request.ResourceNames.Count)]
                : Text(random));
        }

        if (random.Next(2) == 0)
        {
            request.TypeUrl = Text(random);
        }

        if (random.Next(2) == 0)
        {
            request.ResponseNonce = Text(random);
        }

        if (random.Next(4) == 0)
        {
            request.ErrorDetail = new Google.Rpc.Status { Code = random.Next(17), Message = Text(random) };
        }

        return request;
    }

    private static string Text(Random random)
    {
        var builder = new StringBuilder();
        for (var n = random.Next(random.Next(4) == 0 ? 300 : 30); n > 0; n--)
        {
            builder.Append(Alphabet[random.Next(Alphabet.Length)]);
        }

        return builder.ToString();
    }

    /// <summary>The top-level fields of a message, each as its raw bytes (tag and value).</summary>
    private static List<byte[]> Fields(byte[] message)
    {
        var fields = new List<byte[]>();
        var input = new CodedInputStream(message);
        while (!input.IsAtEnd)
        {
            var start = (int)input.Position;
            var tag = input.ReadTag();
            input.SkipLastField();
            fields.Add(message[start..(int)input.Position]);
            _ = tag;
        }

        return fields;
    }

    /// <summary>Field 3's entries keep their order among themselves; the rest go anywhere.</summary>
    private static byte[] Reorder(List<byte[]> shuffled)
    {
        var names = shuffled.Where(f => f[0] == 0x1A).ToList();
        var nameOrder = new Queue<byte[]>(names.OrderBy(f => shuffled.IndexOf(f)));
        return shuffled.SelectMany(f => f[0] == 0x1A ? nameOrder.Dequeue() : f).ToArray();
    }

    private static byte[] Unknown(Random random)
    {
        var output = new MemoryStream();
        var coded = new CodedOutputStream(output);
        coded.WriteTag(100 + random.Next(50), WireFormat.WireType.LengthDelimited);
        coded.WriteString("unknown");
        coded.WriteTag(200, WireFormat.WireType.Varint);
        coded.WriteUInt64((ulong)random.NextInt64());
        coded.Flush();
        return output.ToArray();
    }

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, int parts)
    {
        if (bytes.Length < 2 || parts == 1)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        var size = Math.Max(1, bytes.Length / parts);
        Segment? first = null;
        Segment? last = null;
        for (var at = 0; at < bytes.Length; at += size)
        {
            var chunk = bytes.AsMemory(at, Math.Min(size, bytes.Length - at));
            last = last is null ? first = new Segment(chunk, 0) : last.Append(chunk);
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
