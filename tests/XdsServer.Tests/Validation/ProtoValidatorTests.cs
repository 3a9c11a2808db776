using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Mesh.XdsServer.Validation;

namespace Mesh.XdsServer.Tests.Validation;

public sealed class ProtoValidatorTests
{
    private const string HcmPath = "invalid Listener.FilterChains[0].Filters[0].TypedConfig(HttpConnectionManager)";
    private const string RoutePath = "invalid RouteConfiguration.VirtualHosts[0].Routes[0]";

    [Fact]
    public void A_realistic_sidecar_bundle_passes()
    {
        IMessage[] bundle = [SidecarBundle.Listener(), SidecarBundle.Routes(), SidecarBundle.Cluster(), SidecarBundle.Endpoints()];

        bundle.SelectMany(ProtoValidator.Validate).Should().BeEmpty();
    }

    [Fact]
    public void A_cluster_with_an_empty_name_fails_min_len()
    {
        var cluster = SidecarBundle.Cluster();
        cluster.Name = "";

        ProtoValidator.Validate(cluster).Should().Equal("invalid Cluster.Name: value length must be at least 1 characters");
    }

    [Fact]
    public void A_load_assignment_without_cluster_name_fails()
    {
        var endpoints = SidecarBundle.Endpoints();
        endpoints.ClusterName = "";

        ProtoValidator.Validate(endpoints).Should()
            .Equal("invalid ClusterLoadAssignment.ClusterName: value length must be at least 1 characters");
    }

    [Fact]
    public void Rules_inside_a_typed_config_any_are_checked_after_unpacking()
    {
        var hcm = SidecarBundle.HttpConnectionManager();
        hcm.StatPrefix = "";

        ProtoValidator.Validate(SidecarBundle.Listener(hcm)).Should()
            .Equal($"{HcmPath}.StatPrefix: value length must be at least 1 characters");
    }

    [Fact]
    public void A_required_oneof_left_unset_is_reported_by_its_name()
    {
        var hcm = SidecarBundle.HttpConnectionManager();
        hcm.ClearRouteSpecifier();

        ProtoValidator.Validate(SidecarBundle.Listener(hcm)).Should().Equal($"{HcmPath}.RouteSpecifier: value is required");
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var cluster = SidecarBundle.Cluster();
        cluster.Name = "";
        cluster.ConnectTimeout = new Duration();

        ProtoValidator.Validate(cluster).Should().Equal(
            "invalid Cluster.Name: value length must be at least 1 characters",
            "invalid Cluster.ConnectTimeout: value must be greater than 0s");
    }

    [Fact]
    public void A_weighted_route_without_clusters_fails_min_items()
    {
        var routes = SidecarBundle.Routes();
        routes.VirtualHosts[0].Routes[0].Route_.WeightedClusters.Clusters.Clear();

        ProtoValidator.Validate(routes).Should()
            .Equal($"{RoutePath}.Route.WeightedClusters.Clusters: value must contain at least 1 item(s)");
    }

    [Fact]
    public void A_wrapped_uint32_is_checked_when_set_and_skipped_when_absent()
    {
        var endpoints = SidecarBundle.Endpoints();
        endpoints.Endpoints[0].LoadBalancingWeight = 0;

        ProtoValidator.Validate(endpoints).Should().Equal(
            "invalid ClusterLoadAssignment.Endpoints[0].LoadBalancingWeight: value must be greater than or equal to 1");

        endpoints.Endpoints[0].LoadBalancingWeight = null;
        ProtoValidator.Validate(endpoints).Should().BeEmpty();
    }

    [Fact]
    public void A_wrapped_double_outside_its_inclusive_range_fails()
    {
        var cluster = SidecarBundle.Cluster();
        cluster.PreconnectPolicy = new Cluster.Types.PreconnectPolicy { PerUpstreamPreconnectRatio = 3.5 };

        ProtoValidator.Validate(cluster).Should()
            .Equal("invalid Cluster.PreconnectPolicy.PerUpstreamPreconnectRatio: value must be inside range [1, 3]");
    }

    [Fact]
    public void A_uint32_outside_a_half_open_range_fails()
    {
        var routes = SidecarBundle.Routes();
        routes.VirtualHosts[0].Routes[0].DirectResponse = new DirectResponseAction { Status = 700 };

        ProtoValidator.Validate(routes).Should().Equal($"{RoutePath}.DirectResponse.Status: value must be inside range [200, 600)");
    }

    [Fact]
    public void An_undefined_enum_value_fails_defined_only()
    {
        var cluster = SidecarBundle.Cluster();
        cluster.LbPolicy = (Cluster.Types.LbPolicy)42;

        ProtoValidator.Validate(cluster).Should().Equal("invalid Cluster.LbPolicy: value must be one of the defined enum values");
    }

    [Fact]
    public void An_enum_value_in_not_in_fails()
    {
        var check = new HealthCheck.Types.HttpHealthCheck { Path = "/healthz", Method = RequestMethod.Connect };

        ProtoValidator.Validate(check).Should().Equal("invalid HttpHealthCheck.Method: value must not be in list [6]");
    }

    [Fact]
    public void A_zero_connect_timeout_fails_duration_gt()
    {
        var cluster = SidecarBundle.Cluster();
        cluster.ConnectTimeout = Duration.FromTimeSpan(TimeSpan.FromSeconds(-1));

        ProtoValidator.Validate(cluster).Should().Equal("invalid Cluster.ConnectTimeout: value must be greater than 0s");
    }

    [Fact]
    public void A_retry_back_off_without_base_interval_fails_duration_required()
    {
        var routes = SidecarBundle.Routes();
        routes.VirtualHosts[0].Routes[0].Route_.RetryPolicy.RetryBackOff.BaseInterval = null;

        ProtoValidator.Validate(routes).Should()
            .Equal($"{RoutePath}.Route.RetryPolicy.RetryBackOff.BaseInterval: value is required");
    }

    [Fact]
    public void A_typed_extension_config_without_typed_config_fails_any_required()
    {
        var cluster = SidecarBundle.Cluster();
        cluster.UpstreamConfig = new TypedExtensionConfig { Name = "envoy.upstreams.http.generic" };

        ProtoValidator.Validate(cluster).Should().Equal("invalid Cluster.UpstreamConfig.TypedConfig: value is required");
    }

    [Fact]
    public void Map_keys_are_checked()
    {
        var cluster = SidecarBundle.Cluster();
        cluster.Metadata = new Metadata { FilterMetadata = { [""] = new Struct() } };

        ProtoValidator.Validate(cluster).Should()
            .Equal("invalid Cluster.Metadata.FilterMetadata[\"\"]: value length must be at least 1 characters");
    }

    [Fact]
    public void A_string_outside_its_in_list_fails()
    {
        var hcm = SidecarBundle.HttpConnectionManager();
        hcm.SchemeHeaderTransformation = new SchemeHeaderTransformation { SchemeToOverwrite = "ftp" };

        ProtoValidator.Validate(SidecarBundle.Listener(hcm)).Should()
            .Equal($"{HcmPath}.SchemeHeaderTransformation.SchemeToOverwrite: value must be in list [\"http\" \"https\"]");
    }

    [Fact]
    public void A_bool_const_is_enforced_on_a_set_oneof_member()
    {
        var listener = SidecarBundle.Listener();
        listener.ListenerFilters.Add(new ListenerFilter
        {
            Name = "envoy.filters.listener.tls_inspector",
            FilterDisabled = new ListenerFilterChainMatchPredicate { AnyMatch = false },
        });

        ProtoValidator.Validate(listener).Should()
            .Equal("invalid Listener.ListenerFilters[0].FilterDisabled.AnyMatch: value must equal true");
    }

    [Fact]
    public void Repeated_items_must_be_unique_and_each_item_meets_its_rules()
    {
        var routes = SidecarBundle.Routes();
        routes.VirtualHosts[0].Routes[0].Route_.InternalRedirectPolicy = new InternalRedirectPolicy
        {
            ResponseHeadersToCopy = { "x-a", "x-a", "bad\nname" },
        };

        ProtoValidator.Validate(routes).Should().Equal(
            $"{RoutePath}.Route.InternalRedirectPolicy.ResponseHeadersToCopy: repeated value must contain unique items",
            $"{RoutePath}.Route.InternalRedirectPolicy.ResponseHeadersToCopy[2]: value does not match regex pattern \"^[^\\\\x00\\\\n\\\\r]*$\"");
    }

    [Fact]
    public void A_repeated_field_over_max_items_fails()
    {
        var routes = SidecarBundle.Routes();
        routes.VirtualHosts[0].Routes[0].Route_.InternalRedirectPolicy = new InternalRedirectPolicy
        {
            RedirectResponseCodes = { 301, 302, 303, 307, 308, 309 },
        };

        ProtoValidator.Validate(routes).Should().Equal(
            $"{RoutePath}.Route.InternalRedirectPolicy.RedirectResponseCodes: value must contain no more than 5 item(s)");
    }

    [Fact]
    public void A_header_value_ending_in_a_newline_is_rejected_as_by_re2()
    {
        var routes = SidecarBundle.Routes();
        routes.RequestHeadersToAdd.Add(new HeaderValueOption { Header = new HeaderValue { Key = "x-mesh", Value = "ok\n" } });

        ProtoValidator.Validate(routes).Should().Equal(
            "invalid RouteConfiguration.RequestHeadersToAdd[0].Header.Value: value does not match regex pattern \"^[^\\\\x00\\\\n\\\\r]*$\"");
    }

    [Fact]
    public void Bytes_over_max_len_fail()
    {
        var header = new HeaderValue { Key = "x-mesh", RawValue = ByteString.CopyFrom(new byte[16385]) };

        ProtoValidator.Validate(header).Should().Equal("invalid HeaderValue.RawValue: value length must be at most 16384 bytes");
    }

    [Fact]
    public void A_oneof_member_is_checked_only_when_it_is_the_one_set()
    {
        var match = new RouteMatch { PathSeparatedPrefix = "/api/" };
        ProtoValidator.Validate(match).Should()
            .Equal("invalid RouteMatch.PathSeparatedPrefix: value does not match regex pattern \"^[^?#]+[^?#/]$\"");

        match.Prefix = "/api/";
        ProtoValidator.Validate(match).Should().BeEmpty();
    }

    [Fact]
    public void An_any_of_an_unknown_type_is_left_to_envoy()
    {
        var listener = SidecarBundle.Listener();
        listener.FilterChains[0].Filters[0].TypedConfig = new Any { TypeUrl = "type.googleapis.com/example.Unknown", Value = ByteString.CopyFromUtf8("x") };

        ProtoValidator.Validate(listener).Should().BeEmpty();
    }

    [Fact]
    public void An_any_whose_bytes_do_not_parse_as_its_type_is_reported()
    {
        var listener = SidecarBundle.Listener();
        listener.FilterChains[0].Filters[0].TypedConfig = new Any
        {
            TypeUrl = Any.Pack(SidecarBundle.HttpConnectionManager()).TypeUrl,
            Value = ByteString.CopyFrom(0xff, 0xff, 0xff),
        };

        ProtoValidator.Validate(listener).Should().ContainSingle()
            .Which.Should().StartWith($"{HcmPath}: embedded message failed to unpack");
    }

    [Fact]
    public void A_message_type_without_any_rule_is_valid_without_walking()
    {
        ProtoValidator.Validate(new Struct { Fields = { ["a"] = Value.ForString("b") } }).Should().BeEmpty();
    }

    [Fact]
    public void The_plan_of_a_type_is_built_once_and_reused()
    {
        PlanCache.For(Cluster.Descriptor).Should().BeSameAs(PlanCache.For(Cluster.Descriptor));
    }
}
