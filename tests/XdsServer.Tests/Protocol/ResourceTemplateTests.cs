using Envoy.Config.Listener.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Mesh.XdsServer.Snapshots;
using Mesh.XdsServer.Tests.Support;

namespace Mesh.XdsServer.Tests.Protocol;

/// <summary>
/// The ADS handler answering names a snapshot does not hold but its <see cref="IResourceTemplate"/> builds (gRFC A36
/// server listeners for whatever host a server bound): a member is served like a held resource, a non-member gets the
/// protocol's "does not exist" (omitted from a state-of-the-world response, removed_resources in delta).
/// </summary>
public sealed class ResourceTemplateTests
{
    private const string Member = "inbound/localhost:50051";
    private const string NotMember = "inbound/localhost:9";

    [Fact]
    public async Task A_sotw_subscription_gets_a_template_member_and_not_a_name_the_template_refuses()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([Listener("held")]).WithTemplate(TypeUrls.Listener, new PortTemplate(50051, "v1")));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");

        await envoy.SubscribeAsync(TypeUrls.Listener, "held", Member, NotMember);

        var response = await envoy.ReceiveAndAckAsync("held", Member, NotMember);
        response.Names().Should().Equal(["held", Member], "an LDS response omits what does not exist");
        var built = response.Resources[1].Unpack<Listener>();
        (built.Address.SocketAddress.Address, built.Address.SocketAddress.PortValue).Should().Be(("localhost", 50051u), "the host and port are echoed");
    }

    [Fact]
    public async Task A_new_snapshot_whose_template_builds_another_member_is_pushed()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([Listener("held")]).WithTemplate(TypeUrls.Listener, new PortTemplate(50051, "v1")));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Listener, Member);
        var first = await envoy.ReceiveAndAckAsync(Member);
        first.Single<Listener>().StatPrefix.Should().Be("v1");

        server.Cache.SetSnapshot("p", Snapshot.Create([Listener("held")]).WithTemplate(TypeUrls.Listener, new PortTemplate(50051, "v2")));

        var next = await envoy.ReceiveAsync();
        next.Single<Listener>().StatPrefix.Should().Be("v2");
        next.VersionInfo.Should().NotBe(first.VersionInfo);
    }

    [Fact]
    public async Task A_member_whose_port_stops_being_meshed_is_dropped_from_the_next_response()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([Listener("held")]).WithTemplate(TypeUrls.Listener, new PortTemplate(50051, "v1")));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");
        await envoy.SubscribeAsync(TypeUrls.Listener, "held", Member);
        (await envoy.ReceiveAndAckAsync("held", Member)).Names().Should().Equal("held", Member);

        server.Cache.SetSnapshot("p", Snapshot.Create([Listener("held")]).WithTemplate(TypeUrls.Listener, new PortTemplate(8080, "v1")));

        (await envoy.ReceiveAsync()).Names().Should().Equal(["held"], "the omitted Listener counts as deleted for the server");
    }

    [Fact]
    public async Task A_delta_subscription_gets_a_member_and_hears_that_a_non_member_does_not_exist()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([Listener("held")]).WithTemplate(TypeUrls.Listener, new PortTemplate(50051, "v1")));
        await using var envoy = new FakeDeltaEnvoy(server.NewClient(), "p");

        await envoy.SubscribeAsync(TypeUrls.Listener, Member, NotMember);

        var response = await envoy.ReceiveAndAckAsync();
        response.Names().Should().Equal(Member);
        response.RemovedResources.Should().Equal(NotMember);

        server.Cache.SetSnapshot("p", Snapshot.Create([Listener("held")]).WithTemplate(TypeUrls.Listener, new PortTemplate(8080, "v1")));
        var next = await envoy.ReceiveAsync();
        next.Resources.Should().BeEmpty();
        next.RemovedResources.Should().Equal([Member], "the member the proxy holds is gone");
    }

    [Fact]
    public async Task A_wildcard_subscription_sees_only_the_held_resources()
    {
        await using var server = await XdsTestServer.StartAsync();
        server.Cache.SetSnapshot("p", Snapshot.Create([Listener("held")]).WithTemplate(TypeUrls.Listener, new PortTemplate(50051, "v1")));
        await using var envoy = new FakeEnvoy(server.NewClient(), "p");

        await envoy.SubscribeAsync(TypeUrls.Listener);

        (await envoy.ReceiveAsync()).Names().Should().Equal("held");
    }

    [Fact]
    public void A_template_that_answers_another_name_or_type_is_treated_as_not_knowing_the_name()
    {
        var wrongName = Snapshot.Create([Listener("held")]).WithTemplate(TypeUrls.Listener, new FixedTemplate(Listener("other")));
        var wrongType = Snapshot.Create([Listener("held")]).WithTemplate(TypeUrls.Listener, new FixedTemplate(TestResources.StaticCluster(Member)));

        wrongName.Get(TypeUrls.Listener).Find(Member).Should().BeNull();
        wrongType.Get(TypeUrls.Listener).Find(Member).Should().BeNull();
        wrongName.Get(TypeUrls.Listener).Find("held").Should().NotBeNull("held resources are found as before");
    }

    [Fact]
    public void A_held_resource_wins_over_the_template_and_the_version_stays_the_held_one()
    {
        var plain = Snapshot.Create([Listener(Member)]);
        var templated = plain.WithTemplate(TypeUrls.Listener, new PortTemplate(50051, "template"));

        ((Listener)templated.Get(TypeUrls.Listener).Find(Member)!.Message).StatPrefix.Should().BeEmpty();
        templated.GetVersion(TypeUrls.Listener).Should().Be(plain.GetVersion(TypeUrls.Listener));
        templated.Get(TypeUrls.Listener).HasTemplate.Should().BeTrue();
        plain.Get(TypeUrls.Listener).HasTemplate.Should().BeFalse();
    }

    [Fact]
    public void A_template_for_an_unknown_type_is_refused()
    {
        var act = () => Snapshot.Create([Listener("held")]).WithTemplate("type.googleapis.com/nope", new PortTemplate(1, "x"));
        act.Should().Throw<ArgumentException>().WithMessage("*unknown type_url 'type.googleapis.com/nope'*");
    }

    private static Listener Listener(string name) => new() { Name = name };

    /// <summary>Answers <c>inbound/&lt;host&gt;:&lt;port&gt;</c> for one port, echoing the host, tagged in stat_prefix.</summary>
    private sealed class PortTemplate(int port, string tag) : IResourceTemplate
    {
        public IMessage? Build(string name)
        {
            if (!name.StartsWith("inbound/", StringComparison.Ordinal) || !name.EndsWith($":{port}", StringComparison.Ordinal))
            {
                return null;
            }

            var host = name["inbound/".Length..name.LastIndexOf(':')];
            return new Listener { Name = name, StatPrefix = tag, Address = TestAddress(host, port) };
        }

        private static Envoy.Config.Core.V3.Address TestAddress(string host, int port) =>
            new() { SocketAddress = new Envoy.Config.Core.V3.SocketAddress { Address = host, PortValue = (uint)port } };
    }

    private sealed class FixedTemplate(IMessage message) : IResourceTemplate
    {
        public IMessage? Build(string name) => message;
    }
}
