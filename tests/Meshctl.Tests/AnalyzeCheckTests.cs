using k8s.Models;
using Mesh.Meshctl.Analysis;
using Mesh.Operator.Entities;

namespace Mesh.Meshctl.Tests;

/// <summary>The checks analyze adds to the planner's: workload templates, sidecars, port protocols, NACKs.</summary>
public sealed class AnalyzeCheckTests
{
    private const string Policy = """
        apiVersion: mesh.dev/v1alpha1
        kind: MeshPolicy
        metadata: {name: web, namespace: demo}
        spec:
          workloads:
            selector:
              matchLabels: {app: web}
          services:
            - name: web
              ports: [{port: 80, protocol: HTTP}]
              subsets:
                - {name: v3, labels: {version: v3}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: demo}
        spec:
          selector: {app: web}
          ports: [{name: http, port: 80, targetPort: 8080, appProtocol: http}]
        """;

    private static string Deployment(string version) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata: {"{"}name: web-{version}, namespace: demo{"}"}
        spec:
          replicas: 1
          selector:
            matchLabels: {"{"}app: web, version: {version}{"}"}
          template:
            metadata:
              labels: {"{"}app: web, version: {version}{"}"}
            spec:
              containers: [{"{"}name: web, image: nginx{"}"}]
        """;

    private static string Pod(string name, string labels) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          namespace: demo
          labels: {labels}
        spec:
          containers: [{"{"}name: web, image: nginx{"}"}]
        status: {"{"}phase: Running{"}"}
        """;

    [Fact]
    public async Task A_subset_is_checked_against_the_pods_a_Deployment_template_would_create()
    {
        using var files = new TempManifests();
        var policy = files.Write("policy.yaml", Policy);

        var matching = await MeshctlRun.RunAsync("analyze", "-f", policy, "-f", files.Write("v3.yaml", Deployment("v3")));
        var other = await MeshctlRun.RunAsync("analyze", "-f", policy, "-f", files.Write("v4.yaml", Deployment("v4")));

        matching.ExitCode.Should().Be(0, matching.ToString());
        other.ExitCode.Should().Be(1, other.ToString());
        other.Stdout.Should().Be("Warning [MESH0103] (MeshPolicy demo/web) spec.services[0].subsets[0]: subset \"v3\" selects no pod of Service \"web\" (version=v3); traffic sent to it fails until such pods exist.\n");
    }

    [Fact]
    public async Task A_selected_pod_without_the_sidecar_label_is_a_warning_and_one_with_it_is_not()
    {
        using var files = new TempManifests();
        files.Write("policy.yaml", Policy);
        files.Write("pods.yaml", Pod("web-bare", "{app: web, version: v3}") + "\n---\n" + Pod("web-meshed", "{app: web, version: v3, mesh.dev/tls-mode: mesh}"));

        var result = await MeshctlRun.RunAsync("analyze", "-f", files.Folder);

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().StartWith("Warning [MESH0202] (Pod demo/web-bare) metadata.labels: MeshPolicy \"web\" selects this pod but it runs no sidecar");
        result.Stdout.Should().NotContain("web-meshed");
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle();
    }

    [Fact]
    public async Task A_Service_port_without_appProtocol_is_reported_with_the_protocol_its_name_suggests()
    {
        using var files = new TempManifests();
        files.Write("policy.yaml", Policy + """

            ---
            apiVersion: v1
            kind: Service
            metadata: {name: legacy, namespace: demo}
            spec:
              selector: {app: legacy}
              ports:
                - {name: http-api, port: 8080}
                - {port: 9000}
                - {name: db, port: 5432, appProtocol: tcp}
            """);
        files.Write("v3.yaml", Deployment("v3"));

        var result = await MeshctlRun.RunAsync("analyze", "-f", files.Folder);

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stdout.Should().Be(
            "Warning [MESH0201] (Service demo/legacy) spec.ports[0]: port 8080 has no appProtocol; its name \"http-api\" suggests http, but the mesh reads appProtocol only and treats the port as TCP; set appProtocol: http.\n" +
            "Warning [MESH0201] (Service demo/legacy) spec.ports[1]: port 9000 has no appProtocol and no name, so the mesh cannot infer its protocol and treats it as TCP (no routes, retries or HTTP metrics); set appProtocol (http, http2, grpc or tcp).\n");
    }

    [Fact]
    public void A_policy_whose_proxies_NACK_is_an_error_naming_the_rejection()
    {
        var set = new ManifestSet();
        var policy = new MeshPolicy
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "demo", CreationTimestamp = DateTime.UnixEpoch },
            Spec = new MeshPolicySpec(),
            Status = new MeshPolicyStatus
            {
                Conditions =
                [
                    new Condition
                    {
                        Type = ConditionTypes.Programmed, Status = ConditionStatus.False, Reason = ConditionReasons.ProxyRejected,
                        LastTransitionTime = DateTime.UnixEpoch,
                        Message = "1 of 3 proxies rejected the config: route_config: invalid regex.",
                    },
                ],
            },
        };
        set.Policies["demo/web"] = new PolicySource { Namespace = "demo", Name = "web", Policy = policy, Origin = "cluster" };

        var result = Analyzer.Analyze(set);

        result.ExitCode.Should().Be(2);
        result.Diagnostics.Should().ContainSingle().Which.ToString().Should().Be(
            "Error [MESH0203] (MeshPolicy demo/web) status.conditions[Programmed]: proxies rejected (NACKed) this policy's config and keep their last good one: 1 of 3 proxies rejected the config: route_config: invalid regex. Fix the field named there; kubectl describe meshpolicy web -n demo shows the rejections.");
    }

    [Fact]
    public void A_Programmed_condition_that_is_False_for_another_reason_is_not_a_NACK()
    {
        var set = new ManifestSet();
        var policy = new MeshPolicy
        {
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "demo", CreationTimestamp = DateTime.UnixEpoch },
            Spec = new MeshPolicySpec(),
            Status = new MeshPolicyStatus
            {
                Conditions = [new Condition { Type = ConditionTypes.Programmed, Status = ConditionStatus.False, Reason = "NoProxies", LastTransitionTime = DateTime.UnixEpoch, Message = "" }],
            },
        };
        set.Policies["demo/web"] = new PolicySource { Namespace = "demo", Name = "web", Policy = policy, Origin = "cluster" };

        Analyzer.Analyze(set).Diagnostics.Should().BeEmpty();
    }
}
