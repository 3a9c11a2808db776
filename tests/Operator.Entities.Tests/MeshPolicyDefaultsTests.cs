namespace Mesh.Operator.Entities.Tests;

public sealed class MeshPolicyDefaultsTests
{
    private static readonly MeshPolicySpec Empty = new();

    [Fact]
    public void An_empty_spec_resolves_to_the_documented_safe_defaults()
    {
        MeshPolicyDefaults.MtlsModeOf(Empty).Should().Be(MtlsMode.Permissive);
        MeshPolicyDefaults.TrustDomainOf(Empty).Should().Be("cluster.local");
        MeshPolicyDefaults.CertificateProviderOf(Empty).Should().Be(CertificateProvider.BuiltIn);
        MeshPolicyDefaults.CertificateDurationOf(Empty).Should().Be(TimeSpan.FromHours(24));
        MeshPolicyDefaults.CertificateRenewBeforeOf(Empty).Should().Be(TimeSpan.FromHours(12));
        MeshPolicyDefaults.DefaultAuthorizationOf(Empty).Should().Be(DefaultAuthorization.AllowAll);
        MeshPolicyDefaults.NetworkPolicyModeOf(Empty).Should().Be(NetworkPolicyMode.Enforce);
        MeshPolicyDefaults.EgressModeOf(Empty).Should().Be(EgressMode.AllowAny);
        MeshPolicyDefaults.SelectorOf(Empty).Should().Be(new LabelSelector());
        MeshPolicyDefaults.NativeSidecarOf(Empty).Should().BeTrue();
        MeshPolicyDefaults.RestartOnChangeOf(Empty).Should().BeFalse();
        MeshPolicyDefaults.SidecarImageOf(Empty, "envoy:pinned").Should().Be("envoy:pinned");
        MeshPolicyDefaults.MetricsEnabledOf(Empty).Should().BeTrue();
        MeshPolicyDefaults.AccessLogEnabledOf(Empty).Should().BeFalse();
        MeshPolicyDefaults.AccessLogFormatOf(Empty).Should().Be(AccessLogFormat.Json);
        MeshPolicyDefaults.TracingEnabledOf(Empty).Should().BeFalse();
        MeshPolicyDefaults.TracingProviderOf(Empty).Should().Be(TracingProvider.Zipkin);
        MeshPolicyDefaults.SamplingPercentOf(Empty).Should().Be(1);
    }

    [Fact]
    public void RenewBefore_defaults_to_half_of_the_given_duration()
    {
        var spec = new MeshPolicySpec { Mtls = new() { Certificates = new() { Duration = "6h" } } };

        MeshPolicyDefaults.CertificateDurationOf(spec).Should().Be(TimeSpan.FromHours(6));
        MeshPolicyDefaults.CertificateRenewBeforeOf(spec).Should().Be(TimeSpan.FromHours(3));
    }

    [Fact]
    public void A_given_renewBefore_wins_over_the_half_life_default()
    {
        var spec = new MeshPolicySpec { Mtls = new() { Certificates = new() { RenewBefore = "90m" } } };

        MeshPolicyDefaults.CertificateRenewBeforeOf(spec).Should().Be(TimeSpan.FromMinutes(90));
    }

    [Fact]
    public void An_unparseable_duration_throws_naming_its_field()
    {
        var spec = new MeshPolicySpec { Mtls = new() { Certificates = new() { Duration = "1d" } } };

        var read = () => MeshPolicyDefaults.CertificateRenewBeforeOf(spec);

        read.Should().Throw<FormatException>().WithMessage("spec.mtls.certificates.duration: *");
    }

    [Fact]
    public void Sidecar_requests_keep_the_defaults_for_resources_the_user_did_not_name()
    {
        var spec = new MeshPolicySpec
        {
            Workloads = new() { Sidecar = new() { Resources = new() { Requests = new Dictionary<string, k8s.Models.ResourceQuantity> { ["memory"] = new("256Mi") } } } },
        };

        var requests = MeshPolicyDefaults.SidecarRequestsOf(spec);

        requests["cpu"].ToString().Should().Be("50m");
        requests["memory"].ToString().Should().Be("256Mi");
    }

    [Fact]
    public void Service_level_defaults_fill_every_missing_setting()
    {
        var service = new ServicePolicy { Name = "reviews", CircuitBreaker = new() { MaxConnections = 10 }, OutlierDetection = new() { Interval = "5s" } };

        MeshPolicyDefaults.AlgorithmOf(service).Should().Be(LoadBalancingAlgorithm.RoundRobin);
        MeshPolicyDefaults.LocalityFailoverOf(service).Should().BeTrue();
        MeshPolicyDefaults.CircuitBreakerOf(service).Should().Be(new CircuitBreakerPolicy
        {
            MaxConnections = 10, MaxPendingRequests = 1024, MaxRequests = 1024, MaxRetries = 3,
        });
        MeshPolicyDefaults.OutlierDetectionOf(service).Should().Be(
            new ResolvedOutlierDetection(5, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 10));
        MeshPolicyDefaults.OutlierDetectionOf(new ServicePolicy { Name = "x" }).Should().BeNull();
    }

    [Fact]
    public void Route_level_defaults_follow_the_API_document()
    {
        var single = new RouteRule { Name = "r", Backends = [new RouteBackend { Subset = "v1" }] };
        var split = new RouteRule { Name = "s", Backends = [new RouteBackend { Subset = "v1", Weight = 90 }, new RouteBackend { Subset = "v2", Weight = 10 }], Timeout = "0s" };
        var retries = new RetryPolicy();

        MeshPolicyDefaults.WeightOf(single, single.Backends[0]).Should().Be(100);
        MeshPolicyDefaults.WeightOf(split, split.Backends[1]).Should().Be(10);
        MeshPolicyDefaults.TimeoutOf(single, "spec.services[0].routes[0]").Should().BeNull();
        MeshPolicyDefaults.TimeoutOf(split, "spec.services[0].routes[1]").Should().BeNull("0s means no timeout");
        MeshPolicyDefaults.TimeoutOf(single with { Timeout = "2s" }, "x").Should().Be(TimeSpan.FromSeconds(2));
        MeshPolicyDefaults.AttemptsOf(retries).Should().Be(2);
        MeshPolicyDefaults.RetryOnOf(retries).Should().Equal("connect-failure", "refused-stream", "unavailable");
        MeshPolicyDefaults.BudgetPercentOf(retries).Should().Be(20);
        MeshPolicyDefaults.PercentOf(new MirrorPolicy { Subset = "v2" }).Should().Be(100);
        MeshPolicyDefaults.BurstOf(new RateLimitPolicy { RequestsPerSecond = 7 }).Should().Be(7);
        MeshPolicyDefaults.ActionOf(new AuthorizationPolicy { Rules = [] }).Should().Be(AuthorizationAction.Allow);
        MeshPolicyDefaults.ProtocolOf(new EgressHost { Host = "a.example", Port = 443 }).Should().Be(EgressProtocol.TLS);
        MeshPolicyDefaults.KindOf(new IssuerReference { Name = "ca" }).Should().Be(IssuerKind.Issuer);
        MeshPolicyDefaults.GroupOf(new IssuerReference { Name = "ca" }).Should().Be("cert-manager.io");
    }

    [Fact]
    public void Generated_objects_carry_the_managed_by_and_policy_labels()
    {
        MeshLabels.ForPolicy("shop").Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["app.kubernetes.io/managed-by"] = "mesh-operator",
            ["mesh.dev/policy"] = "shop",
        });
        var empty = () => MeshLabels.ForPolicy("");
        empty.Should().Throw<ArgumentException>();
    }
}
