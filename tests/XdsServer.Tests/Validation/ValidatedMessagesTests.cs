using Envoy.Config.Route.V3;
using FluentAssertions;
using Mesh.XdsServer.Validation;
using Xunit;

namespace Mesh.XdsServer.Tests.Validation;

public sealed class ValidatedMessagesTests
{
    [Fact]
    public void A_sub_message_instance_found_valid_is_not_checked_again_and_a_new_invalid_one_is()
    {
        var memo = new ValidatedMessages();
        var shared = Host("a");
        var first = new RouteConfiguration { Name = "r", VirtualHosts = { shared } };

        ProtoValidator.Validate(first, TimeProvider.System, memo).Should().BeEmpty();
        memo.Contains(shared).Should().BeTrue("the valid virtual host is remembered by reference");

        // A route change rebuilds one virtual host; the other instance is shared with the previous configuration.
        var broken = Host("b");
        broken.Domains.Clear();
        var second = new RouteConfiguration { Name = "r", VirtualHosts = { shared, broken } };

        ProtoValidator.Validate(second, TimeProvider.System, memo).Should().ContainSingle()
            .Which.Should().Contain("VirtualHosts[1].Domains");
        memo.Contains(broken).Should().BeFalse("an invalid message is never remembered");
        memo.Contains(second).Should().BeFalse();
    }

    [Fact]
    public void Only_a_resources_direct_sub_messages_are_remembered()
    {
        var memo = new ValidatedMessages();
        var host = Host("a");
        var route = host.Routes[0];

        ProtoValidator.Validate(new RouteConfiguration { Name = "r", VirtualHosts = { host } }, TimeProvider.System, memo).Should().BeEmpty();

        memo.Contains(host).Should().BeTrue();
        memo.Contains(route).Should().BeFalse("a route inside a virtual host is checked again with it: remembering every message cost more than it saved");
        memo.Contains(route.Match).Should().BeFalse();
    }

    [Fact]
    public void Without_a_memo_every_instance_is_checked_every_time()
    {
        var host = Host("a");
        var config = new RouteConfiguration { Name = "r", VirtualHosts = { host } };
        ProtoValidator.Validate(config, TimeProvider.System).Should().BeEmpty();

        // Public callers get no memo: a message mutated after a first check is checked as it is now.
        host.Domains.Clear();

        ProtoValidator.Validate(config, TimeProvider.System).Should().ContainSingle();
    }

    private static VirtualHost Host(string name) => new()
    {
        Name = name,
        Domains = { name + ".example" },
        Routes = { new Route { Match = new RouteMatch { Prefix = "/" }, DirectResponse = new DirectResponseAction { Status = 200 } } },
    };
}
