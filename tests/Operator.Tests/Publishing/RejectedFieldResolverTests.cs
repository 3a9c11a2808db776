using Mesh.Operator.Publishing;
using Mesh.XdsServer.Status;

namespace Mesh.Operator.Tests.Publishing;

public sealed class RejectedFieldResolverTests
{
    private const string Reviews = "outbound|9080||reviews.shop.svc.cluster.local";
    private const string ReviewsV2 = "outbound|9080|v2|reviews.shop.svc.cluster.local";
    private const string ApiListener = "reviews.shop.svc.cluster.local:9080";

    private static readonly Dictionary<string, string> Fields = new()
    {
        [Reviews] = "spec.services[1]",
        [ReviewsV2] = "spec.services[1].subsets[1]",
        [ApiListener] = "spec.services[1]",
        ["reviews.shop.svc.cluster.local:9080/testers"] = "spec.services[1].routes[0]",
    };

    [Theory]
    [InlineData(ReviewsV2, "resource index 4: unsupported lb_policy: MAGLEV", "spec.services[1].loadBalancing")]
    [InlineData(Reviews, "resource index 2: outlier_detection.interval out of range", "spec.services[1].outlierDetection")]
    [InlineData(Reviews, "resource index 0: Unmatched UpstreamTlsContext.tls_certificate_provider_instance.instance_name: default", "spec.mtls")]
    [InlineData(ApiListener, "resource index 0: virtual_hosts[0].routes[1].route.retry_policy: Invalid policy.num_retries.value: 0", "spec.services[1]")]
    [InlineData(Reviews, "resource index 0: something new", "spec.services[1]")]
    public void The_rejected_resource_gives_the_origin_and_the_error_narrows_it_to_the_setting(string resource, string error, string expected)
    {
        var field = RejectedFieldResolver.Resolve(Nack(error, resource), Fields);

        field.Should().Be(expected);
    }

    [Fact]
    public void A_route_setting_refused_for_a_known_route_points_at_that_route()
    {
        var field = RejectedFieldResolver.Resolve(
            Nack("retry_policy: bad", "reviews.shop.svc.cluster.local:9080/testers"), Fields);

        field.Should().Be("spec.services[1].routes[0].retries");
    }

    [Fact]
    public void Without_resource_names_the_longest_known_name_in_the_error_is_used()
    {
        var field = RejectedFieldResolver.Resolve(Nack($"Error adding/updating cluster(s) {ReviewsV2}: broken"), Fields);

        field.Should().Be("spec.services[1].subsets[1]");
    }

    [Fact]
    public void Only_the_first_rejected_resource_s_own_complaint_narrows_the_field()
    {
        var field = RejectedFieldResolver.Resolve(
            Nack("resource index 0: outlier_detection.interval out of range; resource index 3: unsupported lb_policy: MAGLEV", Reviews, ReviewsV2), Fields);

        field.Should().Be("spec.services[1].outlierDetection");
    }

    [Fact]
    public void A_tls_complaint_about_a_cluster_of_another_policy_names_no_field_of_this_one()
    {
        var field = RejectedFieldResolver.Resolve(
            Nack("resource index 0: Unmatched UpstreamTlsContext.tls_certificate_provider_instance.instance_name: default", "outbound|443||vault.other.svc.cluster.local"), Fields);

        field.Should().BeNull();
    }

    [Fact]
    public void A_short_name_inside_a_longer_one_is_not_taken_for_it()
    {
        var fields = new Dictionary<string, string> { ["80"] = "spec.services[0]" };

        RejectedFieldResolver.Resolve(Nack("Error adding/updating cluster(s) outbound|80||a.b.svc.cluster.local: bad"), fields).Should().BeNull();
        RejectedFieldResolver.Resolve(Nack("Error adding/updating route(s) 80: bad"), fields).Should().Be("spec.services[0]");
    }

    [Fact]
    public void An_error_about_nothing_we_know_has_no_field()
    {
        RejectedFieldResolver.Resolve(Nack("resource index 7: ???", "not-ours"), Fields).Should().BeNull();
    }

    private static NackInfo Nack(string error, params string[] resources) => new()
    {
        RejectedVersion = "v2",
        AcceptedVersion = "v1",
        Nonce = "1",
        ErrorMessage = error,
        At = DateTimeOffset.UnixEpoch,
        RejectedResources = resources,
    };
}
