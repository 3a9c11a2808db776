using System.Text.Json.Nodes;
using Mesh.LocalCluster.Admission;
using static Mesh.LocalCluster.Tests.Admission.AdmissionTestData;

namespace Mesh.LocalCluster.Tests.Admission;

public sealed class WebhookMatcherTests
{
    private static readonly Dictionary<string, string> NoLabels = [];

    [Theory]
    [InlineData("configmaps", "", true)]
    [InlineData("configmaps", "status", false)]
    [InlineData("*", "", true)]
    [InlineData("*", "eviction", false)]
    [InlineData("pods/eviction", "eviction", true)]
    [InlineData("pods/*", "eviction", true)]
    [InlineData("pods/*", "", true)] // "*" as subresource also matches none, as kube-apiserver's splitResource does
    [InlineData("*/*", "eviction", true)]
    [InlineData("*/eviction", "eviction", true)]
    [InlineData("secrets", "", false)]
    public void Resources_name_main_resources_and_subresources_as_kube_apiserver_splits_them(string rule, string subresource, bool matches)
    {
        var plural = rule.StartsWith("pods", StringComparison.Ordinal) || subresource == "eviction" ? "pods" : "configmaps";
        var request = Request(plural: plural, subresource: subresource);
        WebhookMatcher.Matches(Hook(resources: [rule]), request, NoLabels).Should().Be(matches);
    }

    [Fact]
    public void Webhook_configurations_are_never_subject_to_webhooks()
    {
        var request = Request(group: "admissionregistration.k8s.io", plural: "validatingwebhookconfigurations", ns: "");
        WebhookMatcher.Matches(Hook(), request, null).Should().BeFalse();
        WebhookMatcher.MatchesRules(Hook(), request).Should().BeFalse();
    }

    [Fact]
    public void Operations_groups_and_versions_must_all_match()
    {
        WebhookMatcher.Matches(Hook(operations: ["UPDATE"]), Request("CREATE"), NoLabels).Should().BeFalse();
        WebhookMatcher.Matches(Hook(operations: ["CREATE", "UPDATE"]), Request("UPDATE"), NoLabels).Should().BeTrue();
        WebhookMatcher.Matches(Hook(groups: ["apps"]), Request(), NoLabels).Should().BeFalse();
        WebhookMatcher.Matches(Hook(groups: [""]), Request(), NoLabels).Should().BeTrue();
    }

    [Fact]
    public void Scope_Cluster_takes_namespaces_and_cluster_resources_and_Namespaced_the_rest()
    {
        var ns = Request(plural: "namespaces", ns: "demo");
        var configMap = Request();
        var crd = Request(group: "apiextensions.k8s.io", plural: "customresourcedefinitions", ns: "");
        WebhookMatcher.Matches(Hook(scope: "Cluster"), ns, NoLabels).Should().BeTrue();
        WebhookMatcher.Matches(Hook(scope: "Cluster"), crd, null).Should().BeTrue();
        WebhookMatcher.Matches(Hook(scope: "Cluster"), configMap, NoLabels).Should().BeFalse();
        WebhookMatcher.Matches(Hook(scope: "Namespaced"), ns, NoLabels).Should().BeFalse();
        WebhookMatcher.Matches(Hook(scope: "Namespaced"), configMap, NoLabels).Should().BeTrue();
    }

    [Fact]
    public void The_namespace_selector_reads_the_namespace_labels_and_is_ignored_for_cluster_resources()
    {
        var hook = Hook() with { NamespaceSelector = Selector("inject", "on") };
        WebhookMatcher.Matches(hook, Request(), new Dictionary<string, string> { ["inject"] = "on" }).Should().BeTrue();
        WebhookMatcher.Matches(hook, Request(), new Dictionary<string, string> { ["inject"] = "off" }).Should().BeFalse();
        WebhookMatcher.Matches(hook, Request(group: "apiextensions.k8s.io", plural: "customresourcedefinitions", ns: ""), null).Should().BeTrue();
    }

    [Fact]
    public void The_object_selector_matches_the_new_or_the_old_object()
    {
        var hook = Hook() with
        {
            ObjectSelector = new JsonObject
            {
                ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "tier", ["operator"] = "In", ["values"] = new JsonArray("web", "api") }),
            },
        };
        WebhookMatcher.Matches(hook, Request(obj: Object(("tier", "web"))), NoLabels).Should().BeTrue();
        WebhookMatcher.Matches(hook, Request(obj: Object(("tier", "db"))), NoLabels).Should().BeFalse();
        WebhookMatcher.Matches(hook, Request("UPDATE", obj: Object(), old: Object(("tier", "api"))), NoLabels).Should().BeTrue();
        WebhookMatcher.Matches(hook, Request("DELETE", old: Object(("tier", "api"))), NoLabels).Should().BeTrue();
        WebhookMatcher.Matches(hook with { ObjectSelector = new JsonObject() }, Request(obj: Object()), NoLabels).Should().BeTrue();
    }
}
