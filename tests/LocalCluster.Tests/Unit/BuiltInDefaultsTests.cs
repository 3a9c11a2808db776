using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Semantics.Defaults;

namespace Mesh.LocalCluster.Tests.Unit;

/// <summary>The pure defaulting functions: image pull policy by tag, idempotence, what is left alone.</summary>
public sealed class BuiltInDefaultsTests
{
    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("localhost:5000/app", "Always")]
    [InlineData("localhost:5000/app:v2", "IfNotPresent")]
    [InlineData("ghcr.io/mesh-dev/mesh-operator@sha256:0123", "IfNotPresent")]
    [InlineData("app:latest@sha256:0123", "Always")]
    public void Image_pull_policy_follows_the_tag_as_ParseImageName_reads_it(string image, string expected) =>
        PodDefaults.PullPolicyFor(image).Should().Be(expected);

    [Theory]
    [InlineData("services", """{"spec":{"ports":[{"port":80}],"sessionAffinity":"ClientIP"}}""")]
    [InlineData("pods", """{"spec":{"containers":[{"name":"a","image":"x","livenessProbe":{"httpGet":{"port":1}}}],"volumes":[{"name":"v"}]}}""")]
    [InlineData("deployments", """{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}}""")]
    [InlineData("jobs", """{"spec":{"parallelism":3,"template":{"spec":{"containers":[{"name":"a","image":"x"}],"restartPolicy":"Never"}}}}""")]
    public void Defaulting_twice_changes_nothing_the_second_time(string plural, string json)
    {
        var def = BuiltInResources.All.First(d => d.Plural == plural);
        var once = JsonNode.Parse(json)!.AsObject();
        BuiltInDefaults.Apply(def, once);
        var twice = once.DeepClone().AsObject();
        BuiltInDefaults.Apply(def, twice);
        JsonNode.DeepEquals(once, twice).Should().BeTrue(once.ToJsonString());
    }

    [Fact]
    public void What_a_user_set_is_kept()
    {
        var pod = JsonNode.Parse("""
            {"spec":{"restartPolicy":"Never","dnsPolicy":"None","terminationGracePeriodSeconds":5,
             "containers":[{"name":"a","image":"x:latest","imagePullPolicy":"Never","resources":{"limits":{"cpu":"1"},"requests":{"cpu":"100m"}}}]}}
            """)!.AsObject();
        BuiltInDefaults.Apply(BuiltInResources.All.First(d => d.Plural == "pods"), pod);
        var spec = pod["spec"]!;
        spec["restartPolicy"]!.GetValue<string>().Should().Be("Never");
        spec["dnsPolicy"]!.GetValue<string>().Should().Be("None");
        spec["terminationGracePeriodSeconds"]!.GetValue<int>().Should().Be(5);
        spec["containers"]![0]!["imagePullPolicy"]!.GetValue<string>().Should().Be("Never");
        spec["containers"]![0]!["resources"]!["requests"]!["cpu"]!.GetValue<string>().Should().Be("100m", "requests only default from limits when absent");
    }

    [Fact]
    public void A_job_given_only_parallelism_stays_a_work_queue_and_a_volume_without_source_is_an_emptyDir()
    {
        var job = JsonNode.Parse("""{"spec":{"parallelism":2,"template":{"spec":{"containers":[],"volumes":[{"name":"scratch"}]}}}}""")!.AsObject();
        BuiltInDefaults.Apply(BuiltInResources.All.First(d => d.Plural == "jobs"), job);
        job["spec"]!["completions"].Should().BeNull("completions stays unset when only parallelism is given");
        job["spec"]!["backoffLimit"]!.GetValue<int>().Should().Be(6);
        job["spec"]!["template"]!["spec"]!["volumes"]![0]!["emptyDir"]!.ToJsonString().Should().Be("{}");
        var sessionAffinity = JsonNode.Parse("""{"spec":{"sessionAffinity":"ClientIP"}}""")!.AsObject();
        BuiltInDefaults.Apply(BuiltInResources.All.First(d => d.Plural == "services"), sessionAffinity);
        sessionAffinity["spec"]!["sessionAffinityConfig"]!.ToJsonString().Should().Be("""{"clientIP":{"timeoutSeconds":10800}}""");
    }
}
