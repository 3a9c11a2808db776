using Envoy.Config.Core.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mesh.XdsServer.Snapshots;

namespace Mesh.XdsServer.Tests.Snapshots;

/// <summary>A route configuration is written from its virtual hosts' bytes (each serialized once per instance): what a
/// client parses back must be the very message, every field of it.</summary>
public sealed class ResourceBytesTests
{
    [Fact]
    public void A_route_configuration_parses_back_to_the_same_message_with_every_field()
    {
        var config = new RouteConfiguration
        {
            Name = "8080",
            ValidateClusters = false,
            VirtualHosts = { Host("a"), Host("b"), Host("c") },
            InternalOnlyHeaders = { "x-internal" },
            RequestHeadersToAdd = { new HeaderValueOption { Header = new HeaderValue { Key = "x-mesh", Value = "1" } } },
            ResponseHeadersToRemove = { "server" },
            TypedPerFilterConfig = { ["envoy.filters.http.fault"] = Any.Pack(new Empty()) },
            MaxDirectResponseBodySizeBytes = 4096,
            IgnorePortInHostMatching = true,
        };

        var bytes = ResourceBytes.Of(config);

        RouteConfiguration.Parser.ParseFrom(bytes).Should().Be(config);
        bytes.Length.Should().Be(config.CalculateSize(), "the same fields, only in another order");
    }

    [Fact]
    public void Equal_configurations_of_shared_hosts_have_equal_bytes_and_a_host_is_serialized_into_each()
    {
        var hosts = new[] { Host("a"), Host("b") };
        var first = new RouteConfiguration { Name = "80", VirtualHosts = { hosts } };
        var second = new RouteConfiguration { Name = "80", VirtualHosts = { hosts } };
        var other = new RouteConfiguration { Name = "80", VirtualHosts = { hosts[0], Host("c") } };

        ResourceBytes.Of(first).Should().Equal(ResourceBytes.Of(second));
        ResourceBytes.Of(other).Should().NotEqual(ResourceBytes.Of(first));
        RouteConfiguration.Parser.ParseFrom(ResourceBytes.Of(other)).Should().Be(other);
    }

    [Fact]
    public void Other_resources_and_single_host_configurations_are_written_as_protobuf_writes_them()
    {
        var single = new RouteConfiguration { Name = "80", VirtualHosts = { Host("a") } };
        ResourceBytes.Of(single).Should().Equal(single.ToByteString());

        var cluster = new Envoy.Config.Cluster.V3.Cluster { Name = "c" };
        ResourceBytes.Of(cluster).Should().Equal(cluster.ToByteString());
    }

    private static VirtualHost Host(string name) => new()
    {
        Name = name,
        Domains = { name, name + ":8080" },
        Routes = { new Route { Name = "default", Match = new RouteMatch { Prefix = "/" }, Route_ = new RouteAction { Cluster = "outbound|8080||" + name } } },
    };
}
