using System.Security.Cryptography;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.Entities.CertManager;
using Mesh.Operator.Reconciliation;
using Mesh.Operator.Runtime;
using Mesh.Operator.Tests.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Mesh.Operator.Tests.Reconciliation;

/// <summary>CertificateStep's decisions that only show against an API: mTLS Disabled, and what it reads of cert-manager.</summary>
public sealed class CertificateStepTests
{
    [Fact]
    public async Task Disabled_mtls_still_issues_each_workload_its_certificate_for_the_control_plane_connection()
    {
        await using var env = await TestApi.StartAsync();
        var policy = await env.Api.CreateAsync(ResourceKinds.MeshPolicy, new MeshPolicy
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = env.Namespace },
            Spec = new MeshPolicySpec { Mtls = new MtlsSpec { Mode = MtlsMode.Disabled } },
        }, CancellationToken.None);
        var earlier = await env.Api.CreateAsync(ResourceKinds.Secret, new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = "mesh-workload-reviews", NamespaceProperty = env.Namespace, Labels = new Dictionary<string, string>(MeshLabels.ForPolicy("p")) },
            Type = "kubernetes.io/tls",
        }, CancellationToken.None);
        var secrets = new ObjectCache<V1Secret>();
        secrets.Upsert(earlier);
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "reviews-1", NamespaceProperty = env.Namespace }, Spec = new V1PodSpec { ServiceAccountName = "reviews" } };
        await WithRootAsync(env, secrets);

        var outcome = await Step(env, secrets).RunAsync(policy, [pod], CancellationToken.None);

        (outcome.Status, outcome.Reason).Should().Be((ConditionStatus.True, ConditionReasons.Issued));
        var secret = await env.Api.GetAsync<V1Secret>(ResourceKinds.Secret, ObjectKey.Create(env.Namespace, "mesh-workload-reviews"), CancellationToken.None);
        secret.Should().NotBeNull("the proxy needs its identity for the mTLS xDS port whatever spec.mtls.mode says");
        secret!.Data.Should().ContainKeys("tls.crt", "tls.key", "ca.crt");
    }

    [Fact]
    public async Task Without_selected_workloads_no_certificate_is_required_and_earlier_ones_are_removed()
    {
        await using var env = await TestApi.StartAsync();
        var policy = await env.Api.CreateAsync(ResourceKinds.MeshPolicy, new MeshPolicy
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = env.Namespace },
            Spec = new MeshPolicySpec(),
        }, CancellationToken.None);
        var earlier = await env.Api.CreateAsync(ResourceKinds.Secret, new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = "mesh-workload-reviews", NamespaceProperty = env.Namespace, Labels = new Dictionary<string, string>(MeshLabels.ForPolicy("p")) },
            Type = "kubernetes.io/tls",
        }, CancellationToken.None);
        var secrets = new ObjectCache<V1Secret>();
        secrets.Upsert(earlier);

        var outcome = await Step(env, secrets).RunAsync(policy, [], CancellationToken.None);

        (outcome.Status, outcome.Reason).Should().Be((ConditionStatus.True, ConditionReasons.NotRequired));
        (await env.Api.GetAsync<V1Secret>(ResourceKinds.Secret, ObjectKey.Create(env.Namespace, "mesh-workload-reviews"), CancellationToken.None))
            .Should().BeNull("no selected workload needs the certificate any more");
    }

    [Fact]
    public void The_issuer_is_read_from_the_informers_with_its_status_and_only_where_its_kind_is_served()
    {
        var informers = Informers(out var certificates, out var issuers, out var clusterIssuers);
        issuers.Cache.Upsert(new Issuer
        {
            Metadata = new V1ObjectMeta { Name = "ca", NamespaceProperty = "shop" },
            Status = new IssuerStatus { Conditions = [new CertManagerCondition { Type = CertManagerConditionTypes.Ready, Status = "False", Reason = "Pending" }] },
        });

        var found = informers.Observe(PolicyUsing("shop", "ca", IssuerKind.Issuer));
        found.Found.Should().BeTrue();
        found.Status!.Conditions!.Single().Reason.Should().Be("Pending", "the issuer's own readiness is carried to CertificatesReady");
        informers.Observe(PolicyUsing("other", "ca", IssuerKind.Issuer)).Found.Should().BeFalse("an Issuer is namespaced");
        informers.Observe(PolicyUsing("shop", "ca", IssuerKind.ClusterIssuer)).Found.Should().BeFalse("no ClusterIssuer of that name");
        clusterIssuers.Cache.Upsert(new ClusterIssuer { Metadata = new V1ObjectMeta { Name = "ca" } });
        informers.Observe(PolicyUsing("other", "ca", IssuerKind.ClusterIssuer)).Found.Should().BeTrue("a ClusterIssuer serves every namespace");
        certificates.Served.Should().BeTrue();

        CertManagerInformers.References(PolicyUsing("shop", "ca", IssuerKind.Issuer), "shop", "ca", IssuerKind.Issuer).Should().BeTrue();
        CertManagerInformers.References(PolicyUsing("shop", "ca", IssuerKind.Issuer), "other", "ca", IssuerKind.Issuer).Should().BeFalse();
        CertManagerInformers.References(PolicyUsing("shop", "ca", IssuerKind.ClusterIssuer), null, "ca", IssuerKind.ClusterIssuer).Should().BeTrue();
        CertManagerInformers.References(PolicyUsing("shop", "ca", IssuerKind.ClusterIssuer), null, "ca", IssuerKind.Issuer).Should().BeFalse();
    }

    private static BuiltInCertificateAuthority Ca() =>
        new(new BuiltInCaOptions(), TimeProvider.System, SerialNumbers.FromRandom(RandomNumberGenerator.Create()));

    private static CertificateStep Step(TestApi env, ObjectCache<V1Secret> secrets) => new(
        new ChildApplier(env.Api),
        Ca(),
        secrets,
        Informers(out _, out _, out _),
        TimeProvider.System);

    /// <summary>What the root CA controller does at startup: the root Secret, written and in the cache.</summary>
    private static async Task WithRootAsync(TestApi env, ObjectCache<V1Secret> secrets) =>
        secrets.Upsert(await new RootCaWriter(env.Api, Ca()).EnsureAsync(null, CancellationToken.None));

    [Fact]
    public async Task Without_the_root_ca_the_certificates_wait_for_it_and_nothing_is_issued()
    {
        await using var env = await TestApi.StartAsync();
        var policy = await env.Api.CreateAsync(ResourceKinds.MeshPolicy, new MeshPolicy
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = env.Namespace },
            Spec = new MeshPolicySpec(),
        }, CancellationToken.None);
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "reviews-1", NamespaceProperty = env.Namespace }, Spec = new V1PodSpec { ServiceAccountName = "reviews" } };

        var outcome = await Step(env, new ObjectCache<V1Secret>()).RunAsync(policy, [pod], CancellationToken.None);

        (outcome.Status, outcome.Reason).Should().Be((ConditionStatus.False, ConditionReasons.Pending));
        outcome.Message.Should().Contain("mesh-root-ca");
        (await env.Api.GetAsync<V1Secret>(ResourceKinds.Secret, ObjectKey.Create(env.Namespace, "mesh-workload-reviews"), CancellationToken.None)).Should().BeNull();
    }

    /// <summary>Informers that are never run: their caches are filled by hand and they count as served.</summary>
    private static CertManagerInformers Informers(out Informer<Certificate> certificates, out Informer<Issuer> issuers, out Informer<ClusterIssuer> clusterIssuers)
    {
        var api = new KubeApi(new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = "http://127.0.0.1:1" }));
        certificates = new Informer<Certificate>(CertificateKinds.Certificate, api, TimeProvider.System, NullLogger.Instance);
        issuers = new Informer<Issuer>(CertificateKinds.Issuer, api, TimeProvider.System, NullLogger.Instance);
        clusterIssuers = new Informer<ClusterIssuer>(CertificateKinds.ClusterIssuer, api, TimeProvider.System, NullLogger.Instance);
        return new CertManagerInformers(certificates, issuers, clusterIssuers);
    }

    private static MeshPolicy PolicyUsing(string ns, string issuer, IssuerKind kind) => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = ns },
        Spec = new MeshPolicySpec
        {
            Mtls = new MtlsSpec
            {
                Certificates = new CertificatesSpec { Provider = CertificateProvider.CertManager, IssuerRef = new IssuerReference { Name = issuer, Kind = kind } },
            },
        },
    };
}
