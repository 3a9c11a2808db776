using System.Net;
using System.Text.Json.Nodes;
using Mesh.LocalCluster.Tests.Infrastructure;
using Mesh.Testing;

namespace Mesh.LocalCluster.Tests.Contract;

/// <summary>
/// What kube-apiserver does to built-in objects on its own, seen through kubectl: defaults of Services, Pods and
/// Deployments, ClusterIP allocation (kept, immutable, released), the scale subresource, Nodes. Run against the
/// embedded API and, where Docker exists, k3s (whose service range differs: the tests read the range from the objects).
/// </summary>
public abstract class BuiltInBehaviourContract<TTarget>(TTarget target)
    where TTarget : IClusterTarget
{
    protected TTarget Target { get; } = target;

    private Kubectl Kubectl => Target.Kubectl;

    [ContractFact]
    public async Task A_service_gets_the_defaults_a_cluster_ip_and_an_empty_load_balancer_status()
    {
        var ns = await Target.NewNamespaceAsync("svcdef");
        await ApplyAsync($$$$$$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"{{{{{{ns}}}}}}"},
             "spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":8080}]}}
            """);

        var svc = await GetJsonAsync("service", "web", ns);
        var spec = svc["spec"]!;
        spec["type"]!.GetValue<string>().Should().Be("ClusterIP");
        spec["sessionAffinity"]!.GetValue<string>().Should().Be("None");
        spec["internalTrafficPolicy"]!.GetValue<string>().Should().Be("Cluster");
        spec["ipFamilyPolicy"]!.GetValue<string>().Should().Be("SingleStack");
        spec["ipFamilies"]!.ToJsonString().Should().Be("""["IPv4"]""");
        spec["ports"]![0]!["protocol"]!.GetValue<string>().Should().Be("TCP");
        spec["ports"]![0]!["targetPort"]!.GetValue<int>().Should().Be(8080, "targetPort defaults to port");
        var ip = spec["clusterIP"]!.GetValue<string>();
        IPAddress.TryParse(ip, out var address).Should().BeTrue($"an IPv4 address is allocated, not \"{ip}\"");
        address!.AddressFamily.Should().Be(System.Net.Sockets.AddressFamily.InterNetwork);
        spec["clusterIPs"]!.ToJsonString().Should().Be($"[\"{ip}\"]");
        svc["status"]!.ToJsonString().Should().Be("""{"loadBalancer":{}}""");

        var table = await Kubectl.MustAsync("get", "service", "web", "-n", ns);
        table.Should().MatchRegex($@"web\s+ClusterIP\s+{Regex(ip)}\s+<none>\s+8080/TCP", "kubectl get svc shows the allocated IP");
    }

    [ContractFact]
    public async Task A_headless_service_keeps_None_and_an_ExternalName_service_gets_no_ip()
    {
        var ns = await Target.NewNamespaceAsync("svcnone");
        await ApplyAsync($$$$$$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"db","namespace":"{{{{{{ns}}}}}}"},
             "spec":{"clusterIP":"None","selector":{"app":"db"},"ports":[{"port":5432}]}}
            """);
        await ApplyAsync($$$$$$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"ext","namespace":"{{{{{{ns}}}}}}"},
             "spec":{"type":"ExternalName","externalName":"example.com"}}
            """);

        var headless = await GetJsonAsync("service", "db", ns);
        headless["spec"]!["clusterIP"]!.GetValue<string>().Should().Be("None");
        headless["spec"]!["clusterIPs"]!.ToJsonString().Should().Be("""["None"]""");
        var external = await GetJsonAsync("service", "ext", ns);
        external["spec"]!["clusterIP"].Should().BeNull();
        external["spec"]!["ipFamilies"].Should().BeNull();
    }

    [ContractFact]
    public async Task A_cluster_ip_is_immutable_kept_when_omitted_and_released_on_delete()
    {
        var ns = await Target.NewNamespaceAsync("svcip");
        var manifest = $$$$$$"""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"a","namespace":"{{{{{{ns}}}}}}"},
             "spec":{"selector":{"app":"a"},"ports":[{"port":80}]}}
            """;
        await ApplyAsync(manifest);
        var ip = (await GetJsonAsync("service", "a", ns))["spec"]!["clusterIP"]!.GetValue<string>();

        var replaced = await Kubectl.WithManifestAsync(manifest, "replace");
        replaced.ExitCode.Should().Be(0, $"an update that omits clusterIP keeps the allocated one: {replaced}");
        (await GetJsonAsync("service", "a", ns))["spec"]!["clusterIP"]!.GetValue<string>().Should().Be(ip);

        var other = NextAddress(ip);
        var changed = await Kubectl.RunAsync("patch", "service", "a", "-n", ns, "--type=merge",
            "-p", $$$$$$"""{"spec":{"clusterIP":"{{{{{{other}}}}}}","clusterIPs":["{{{{{{other}}}}}}"]}}""");
        changed.ExitCode.Should().NotBe(0);
        changed.StdErr.Should().Contain("may not change once set");

        var taken = await Kubectl.WithManifestAsync(WithIp("b", ns, ip), "create");
        taken.ExitCode.Should().NotBe(0, "the IP is still allocated to a");
        taken.StdErr.Should().Contain("provided IP is already allocated");

        await Kubectl.MustAsync("delete", "service", "a", "-n", ns);
        var reused = await Kubectl.WithManifestAsync(WithIp("b", ns, ip), "create");
        reused.ExitCode.Should().Be(0, $"deleting a released its IP: {reused}");
    }

    [ContractFact]
    public async Task A_pod_gets_the_pod_and_container_defaults()
    {
        var ns = await Target.NewNamespaceAsync("poddef");
        await ApplyAsync($$$$$$"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"{{{{{{ns}}}}}}"},
             "spec":{"containers":[
               {"name":"app","image":"nginx:1.27","ports":[{"containerPort":80}],
                "readinessProbe":{"httpGet":{"port":80}},"resources":{"limits":{"memory":"64Mi"}}},
               {"name":"latest","image":"nginx"}]}}
            """);

        var spec = (await GetJsonAsync("pod", "web", ns))["spec"]!;
        spec["restartPolicy"]!.GetValue<string>().Should().Be("Always");
        spec["dnsPolicy"]!.GetValue<string>().Should().Be("ClusterFirst");
        spec["schedulerName"]!.GetValue<string>().Should().Be("default-scheduler");
        spec["terminationGracePeriodSeconds"]!.GetValue<int>().Should().Be(30);
        spec["securityContext"]!.ToJsonString().Should().Be("{}");
        spec["enableServiceLinks"]!.GetValue<bool>().Should().BeTrue();
        var app = spec["containers"]![0]!;
        app["imagePullPolicy"]!.GetValue<string>().Should().Be("IfNotPresent", "a tag other than latest");
        spec["containers"]![1]!["imagePullPolicy"]!.GetValue<string>().Should().Be("Always", "no tag means latest");
        app["terminationMessagePath"]!.GetValue<string>().Should().Be("/dev/termination-log");
        app["terminationMessagePolicy"]!.GetValue<string>().Should().Be("File");
        app["ports"]![0]!["protocol"]!.GetValue<string>().Should().Be("TCP");
        app["resources"]!["requests"]!["memory"]!.GetValue<string>().Should().Be("64Mi", "requests default to limits on a Pod");
        var probe = app["readinessProbe"]!;
        probe.ToJsonString().Should().Contain("\"timeoutSeconds\":1").And.Contain("\"periodSeconds\":10")
            .And.Contain("\"successThreshold\":1").And.Contain("\"failureThreshold\":3");
        probe["httpGet"]!["path"]!.GetValue<string>().Should().Be("/");
        probe["httpGet"]!["scheme"]!.GetValue<string>().Should().Be("HTTP");
    }

    [ContractFact]
    public async Task A_deployment_gets_its_strategy_and_limits_and_its_template_the_pod_defaults()
    {
        var ns = await Target.NewNamespaceAsync("depdef");
        await ApplyAsync(Deployment(ns, "web"));

        var spec = (await GetJsonAsync("deployment", "web", ns))["spec"]!;
        spec["replicas"]!.GetValue<int>().Should().Be(1);
        spec["strategy"]!["type"]!.GetValue<string>().Should().Be("RollingUpdate");
        spec["strategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<string>().Should().Be("25%");
        spec["strategy"]!["rollingUpdate"]!["maxSurge"]!.GetValue<string>().Should().Be("25%");
        spec["revisionHistoryLimit"]!.GetValue<int>().Should().Be(10);
        spec["progressDeadlineSeconds"]!.GetValue<int>().Should().Be(600);
        var template = spec["template"]!["spec"]!;
        template["restartPolicy"]!.GetValue<string>().Should().Be("Always");
        template["dnsPolicy"]!.GetValue<string>().Should().Be("ClusterFirst");
        template["containers"]![0]!["imagePullPolicy"]!.GetValue<string>().Should().Be("IfNotPresent");
        template["enableServiceLinks"].Should().BeNull("enableServiceLinks is a Pod default, never a template's");

        var diff = await Kubectl.WithManifestAsync(Deployment(ns, "web"), "diff");
        diff.ExitCode.Should().Be(0, $"defaults are no drift: {diff}");
    }

    [ContractFact]
    public async Task Kubectl_scale_works_on_deployments_replicasets_and_statefulsets()
    {
        var ns = await Target.NewNamespaceAsync("scale");
        await ApplyAsync(Deployment(ns, "web"));
        var scaled = await Kubectl.RunAsync("scale", "deployment/web", "-n", ns, "--replicas=3");
        scaled.ExitCode.Should().Be(0, scaled.ToString());
        scaled.StdOut.Should().Contain("deployment.apps/web scaled");
        (await Kubectl.MustAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}")).Should().Be("3");

        var (status, scale, text) = await Target.SendAsync(HttpMethod.Get, $"/apis/apps/v1/namespaces/{ns}/deployments/web/scale");
        status.Should().Be(200, text);
        scale!["kind"]!.GetValue<string>().Should().Be("Scale");
        scale["apiVersion"]!.GetValue<string>().Should().Be("autoscaling/v1");
        scale["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
        scale["status"]!["selector"]!.GetValue<string>().Should().Be("app=web");

        var stale = await Kubectl.RunAsync("scale", "deployment/web", "-n", ns, "--replicas=1", "--resource-version=1");
        stale.ExitCode.Should().NotBe(0, "a stale --resource-version is a conflict");

        var missing = await Kubectl.RunAsync("scale", "deployment/nope", "-n", ns, "--replicas=1");
        missing.ExitCode.Should().NotBe(0);
        missing.StdErr.Should().Contain("not found");

        await ApplyAsync($$$$$$"""
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"{{{{{{ns}}}}}}"},
             "spec":{"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
                     "template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"postgres:17"}]}}}}
            """);
        await ApplyAsync($$$$$$"""
            {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs","namespace":"{{{{{{ns}}}}}}"},
             "spec":{"selector":{"matchLabels":{"app":"rs"}},
                     "template":{"metadata":{"labels":{"app":"rs"}},"spec":{"containers":[{"name":"rs","image":"nginx:1.27"}]}}}}
            """);
        foreach (var target in new[] { "statefulset/db", "replicaset/rs" })
        {
            var result = await Kubectl.RunAsync("scale", target, "-n", ns, "--replicas=2");
            result.ExitCode.Should().Be(0, result.ToString());
            (await Kubectl.MustAsync("get", target, "-n", ns, "-o", "jsonpath={.spec.replicas}")).Should().Be("2");
        }
    }

    [ContractFact]
    public async Task Nodes_are_served_cluster_scoped_with_their_labels()
    {
        var name = ClusterTargetExtensions.Unique("node");
        var created = await Kubectl.WithManifestAsync($$$$$$"""
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"{{{{{{name}}}}}}","labels":{"topology.kubernetes.io/zone":"zone-x"}}}
            """, "create");
        created.ExitCode.Should().Be(0, created.ToString());
        try
        {
            var listed = await Kubectl.RunAsync("get", "nodes", "-L", "topology.kubernetes.io/zone");
            listed.ExitCode.Should().Be(0, listed.ToString());
            listed.StdOut.Should().MatchRegex($@"{name}\s+.*zone-x");
            (await Kubectl.MustAsync("api-resources", "--namespaced=false", "--api-group=")).Should().MatchRegex(@"nodes\s+no\s+v1\s+false\s+Node");
        }
        finally
        {
            await Kubectl.RunAsync("delete", "node", name);
        }
    }

    private async Task ApplyAsync(string manifest)
    {
        var applied = await Kubectl.WithManifestAsync(manifest, "apply");
        applied.ExitCode.Should().Be(0, applied.ToString());
    }

    private async Task<JsonNode> GetJsonAsync(string kind, string name, string ns) =>
        JsonNode.Parse(await Kubectl.MustAsync("get", kind, name, "-n", ns, "-o", "json"))!;

    private static string Deployment(string ns, string name) => $$$$$$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"{{{{{{name}}}}}}","namespace":"{{{{{{ns}}}}}}"},
         "spec":{"selector":{"matchLabels":{"app":"{{{{{{name}}}}}}"}},
                 "template":{"metadata":{"labels":{"app":"{{{{{{name}}}}}}"}},"spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}}}
        """;

    private static string WithIp(string name, string ns, string ip) => $$$$$$"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"{{{{{{name}}}}}}","namespace":"{{{{{{ns}}}}}}"},
         "spec":{"clusterIP":"{{{{{{ip}}}}}}","selector":{"app":"{{{{{{name}}}}}}"},"ports":[{"port":80}]}}
        """;

    private static string NextAddress(string ip)
    {
        var bytes = IPAddress.Parse(ip).GetAddressBytes();
        bytes[3] = (byte)(bytes[3] == 254 ? 1 : bytes[3] + 1);
        return new IPAddress(bytes).ToString();
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
