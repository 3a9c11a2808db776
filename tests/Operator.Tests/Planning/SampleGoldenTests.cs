using System.Text.Json.Nodes;
using Google.Protobuf;
using k8s;
using k8s.Models;
using Mesh.Operator.Certificates;
using Mesh.Operator.Entities;
using Mesh.Operator.Local;
using Mesh.Operator.NetworkPolicies;
using Mesh.Operator.Planning;
using Mesh.Testing;
using Mesh.XdsServer.Debug;
using Mesh.XdsServer.Model;
using Mesh.XdsServer.Translation;

namespace Mesh.Operator.Tests.Planning;

/// <summary>
/// Every MeshPolicy of config/samples, planned against its sample namespace with the workloads local mode simulates:
/// planning/samples/&lt;sample&gt;/ holds plan.json (problems and mesh model), children.yaml (NetworkPolicies and
/// cert-manager Certificates; built-in workload Secrets are listed by name, their keys being random) and xds.json (what a
/// proxyless gRPC client receives). A reviewer reads these to see what a sample means.
/// </summary>
public sealed class SampleGoldenTests
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(EnvoyTypeRegistry.Instance));

    public static TheoryData<string> Samples()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(RepoPaths.Of("config", "samples")).Where(d => Path.GetFileName(d) != "invalid").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(dir));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_sample_plans_to_its_golden_children_and_xds(string sample)
    {
        var objects = Directory.GetFiles(RepoPaths.Of("config", "samples", sample), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(PlanInput.LoadObjects).ToList();
        var simulated = WorkloadSimulator.Simulate(objects.OfType<V1Deployment>(), objects.OfType<V1Job>(), objects.OfType<V1Service>());
        objects.AddRange(simulated.Pods);
        objects.AddRange(simulated.EndpointSlices);
        var outDir = RepoPaths.Of("tests", "Operator.Tests", "Planning", "samples", sample);
        Directory.CreateDirectory(outDir);

        var plans = new List<MeshPlan>();
        var children = new List<object>();
        foreach (var policy in objects.OfType<MeshPolicy>().OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            var state = PlanInput.StateOf(objects, policy.Metadata.NamespaceProperty);
            var plan = MeshPlanner.Plan(policy, state);
            plan.IsAccepted.Should().BeTrue($"sample {sample} policy {policy.Metadata.Name} must be valid: {string.Join("; ", plan.Errors)}");
            plans.Add(plan);
            children.AddRange(ChildrenOf(policy, plan, state));
        }

        GoldenFile.Verify(Path.Combine(outDir, "plan.json"), string.Concat(plans.Select(PlanJson.Serialize)));
        GoldenFile.Verify(Path.Combine(outDir, "children.yaml"), string.Join("---\n", children.Select(c => (c is string s ? s : KubernetesYaml.Serialize(c)).TrimEnd('\n') + "\n")));

        var model = new MeshModel { Version = "golden", Services = plans.SelectMany(p => p.Services).ToList() };
        var xds = MeshTranslator.TranslateOnce(model, new ProxyScope { Namespace = "", Kind = ProxyKind.ProxylessGrpc });
        var array = new JsonArray();
        foreach (var message in new IMessage[][] { [.. xds.Listeners], [.. xds.Routes], [.. xds.Clusters], [.. xds.Endpoints] }.SelectMany(m => m))
        {
            array.Add(JsonNode.Parse(Formatter.Format(message)));
        }
        GoldenFile.Verify(Path.Combine(outDir, "xds.json"), array.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    private static IEnumerable<object> ChildrenOf(MeshPolicy policy, MeshPlan plan, NamespaceState state)
    {
        var selected = state.Pods.Where(p => plan.SelectedPods.Contains(p.Metadata.Name)).ToList();
        // As CertificateStep: no certificates without mTLS.
        var accounts = MeshPolicyDefaults.MtlsModeOf(policy.Spec) == Mesh.Operator.Entities.MtlsMode.Disabled
            ? []
            : plan.Identities.Select(i => i.ServiceAccount).ToList();
        if (MeshPolicyDefaults.CertificateProviderOf(policy.Spec) == CertificateProvider.CertManager)
        {
            foreach (var certificate in CertManagerCertificates.For(policy, accounts))
            {
                yield return certificate;
            }
        }
        else
        {
            foreach (var account in accounts)
            {
                yield return $"# Secret {policy.Metadata.NamespaceProperty}/{WorkloadSecretNames.For(account)}: built-in CA, SPIFFE {SpiffeId.For(plan.TrustDomain, plan.Namespace, account)}\n";
            }
        }
        if (MeshPolicyDefaults.NetworkPolicyModeOf(policy.Spec) == NetworkPolicyMode.Enforce)
        {
            var compiled = NetworkPolicyCompiler.Compile(new NetworkPolicyInput { Policy = policy, SelectedPods = selected, Services = state.Services, Pods = state.Pods }, new NetworkPolicyOptions());
            foreach (var networkPolicy in compiled.Policies)
            {
                yield return networkPolicy;
            }
        }
    }
}
