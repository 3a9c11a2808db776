using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Mesh.LocalCluster.Http;
using Mesh.LocalCluster.Patching;
using Mesh.Operator.Certificates;
using Mesh.Operator.Injection;
using Mesh.Operator.Runtime;
using Mesh.Operator.Tests.Runtime;
using Mesh.Testing;
using Mesh.XdsServer.Contract;

namespace Mesh.Operator.Tests.Injection;

public sealed class WebhookConfigurationTests
{
    private static V1MutatingWebhookConfiguration Template(string? bundle = null) =>
        KubernetesJson.Deserialize<V1MutatingWebhookConfiguration>(WebhookConfigurationTemplate.Build("mesh-system", bundle).ToJsonString());

    [Fact]
    public void The_template_never_blocks_pods_and_skips_the_system_namespaces()
    {
        var webhook = Template().Webhooks.Single();
        webhook.Name.Should().Be(SidecarContract.InjectorWebhookName);
        webhook.FailurePolicy.Should().Be("Ignore");
        webhook.SideEffects.Should().Be("None");
        webhook.ReinvocationPolicy.Should().Be("Never");
        webhook.TimeoutSeconds.Should().Be(10);
        webhook.AdmissionReviewVersions.Should().Equal("v1");
        webhook.ClientConfig.Service.Name.Should().Be(SidecarContract.WebhookServiceName);
        webhook.ClientConfig.Service.Path.Should().Be(SidecarContract.InjectorPath);
        webhook.ClientConfig.Service.Port.Should().Be(SidecarContract.WebhookServicePort);
        webhook.ClientConfig.CaBundle.Should().BeNull("caBundle is filled in by the operator or cert-manager, never committed");
        webhook.Rules.Single().Operations.Should().Equal("CREATE");
        webhook.Rules.Single().Resources.Should().Equal("pods");
        var excluded = webhook.NamespaceSelector.MatchExpressions.Single();
        (excluded.Key, excluded.OperatorProperty).Should().Be(("kubernetes.io/metadata.name", "NotIn"));
        excluded.Values.Should().BeEquivalentTo("kube-system", "mesh-system");
        webhook.ObjectSelector.MatchExpressions.Single().Key.Should().Be(SidecarContract.InjectAnnotation);
    }

    [Fact]
    public void The_committed_file_is_the_embedded_one()
    {
        File.ReadAllText(RepoPaths.Of("config", "webhook", "mutating.yaml")).Should().Be(WebhookConfigurationTemplate.Yaml());
    }

    [Fact]
    public void The_ca_bundle_patch_touches_only_our_webhooks_ca_bundle_and_is_empty_when_right()
    {
        var bundle = Encoding.UTF8.GetBytes("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        var config = Template();
        config.Webhooks.Add(new V1MutatingWebhook
        {
            Name = "someone-else.example.com",
            ClientConfig = new Admissionregistrationv1WebhookClientConfig { Service = new Admissionregistrationv1ServiceReference { Name = "other", NamespaceProperty = "mesh-system" } },
        });
        var patch = CaBundlePatch.For(config, bundle, "mesh-system");
        patch.Select(op => (string?)op!["path"]).Should().Equal("/webhooks/0/name", "/webhooks/0/clientConfig/caBundle");
        var json = JsonNode.Parse(KubernetesJson.Serialize(config))!.AsObject();
        var patched = KubernetesJson.Deserialize<V1MutatingWebhookConfiguration>(PatchEngine.ApplyJsonPatch(json, patch).ToJsonString());
        patched.Webhooks[0].ClientConfig.CaBundle.Should().Equal(bundle);
        patched.Webhooks[1].ClientConfig.CaBundle.Should().BeNull();
        CaBundlePatch.For(patched, bundle, "mesh-system").Should().BeEmpty();
    }

    [Fact]
    public void The_operator_may_evict_pods_and_may_not_touch_deployments()
    {
        var rules = YamlToJson.Documents(File.ReadAllText(RepoPaths.Of("config", "rbac", "cluster_role.yaml"))).Single()["rules"]!.AsArray();
        var granted = rules.SelectMany(r => r!["apiGroups"]!.AsArray().SelectMany(g => r["resources"]!.AsArray().SelectMany(res =>
            r["verbs"]!.AsArray().Select(v => $"{(string)g!}/{(string)res!}:{(string)v!}")))).ToHashSet();
        granted.Should().Contain("/pods/eviction:create");
        granted.Should().NotContain(g => g.StartsWith("apps/", StringComparison.Ordinal), "restartOnChange evicts pods and never edits a Deployment");
        granted.Should().NotContain(["/pods:delete", "/pods:patch"]);
    }

    [Fact]
    public async Task Local_install_creates_the_root_and_a_configuration_whose_bundle_verifies_the_serving_certificate()
    {
        await using var api = await TestApi.StartAsync();
        var caOptions = new BuiltInCaOptions { OperatorNamespace = "mesh-system" };
        await WebhookInstaller.InstallAsync(api.Api, caOptions, TimeProvider.System, CancellationToken.None);
        await WebhookInstaller.InstallAsync(api.Api, caOptions, TimeProvider.System, CancellationToken.None); // a second start updates, not fails

        var config = await api.Api.GetAsync<V1MutatingWebhookConfiguration>(WebhookKinds.MutatingWebhookConfiguration, ObjectKey.Create(null, SidecarContract.InjectorConfigurationName), CancellationToken.None);
        var bundle = config!.Webhooks.Single().ClientConfig.CaBundle;
        bundle.Should().NotBeNullOrEmpty();

        using var serving = new BuiltInWebhookCertificate(api.Api, caOptions, TimeProvider.System);
        await serving.RefreshAsync(CancellationToken.None);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(Encoding.UTF8.GetString(bundle));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.Build(serving.Current!).Should().BeTrue(string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        serving.Current!.MatchesHostname(SidecarContract.WebhookHost()).Should().BeTrue();
        serving.Current.HasPrivateKey.Should().BeTrue();
    }
}
