using System.Text;
using System.Text.Json.Nodes;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Mesh.LocalCluster.Http;
using Mesh.Testing;
using Mesh.XdsServer.Snapshots;

namespace Mesh.Fuzz;

/// <summary>Writes the small starting corpus of each target (fuzz/corpus/&lt;target&gt;/), from the repository's samples.</summary>
internal static class Seeds
{
    public static void Write(string root)
    {
        var policies = Directory.GetDirectories(RepoPaths.Samples).Where(d => Path.GetFileName(d) != "invalid").Order(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d, "*.yaml"))
            .SelectMany(f => YamlToJson.ConvertAll(File.ReadAllText(f)))
            .OfType<JsonObject>()
            .Where(o => (string?)o["kind"] == "MeshPolicy")
            .ToList();
        var dir = Clean(root, "policy");
        for (var i = 0; i < policies.Count; i++)
        {
            File.WriteAllText(Path.Combine(dir, $"sample-{i}.json"), policies[i].ToJsonString());
        }

        File.WriteAllText(Path.Combine(dir, "minimal.json"), """{"metadata":{"name":"m"},"spec":{}}""");

        var pod = YamlToJson.ConvertAll(File.ReadAllText(RepoPaths.Of("tests", "Operator.Tests", "Injection", "testdata", "native-with-user-init", "input.yaml")))
            .OfType<JsonObject>().Single(o => (string?)o["kind"] == "Pod");
        dir = Clean(root, "admission");
        File.WriteAllText(Path.Combine(dir, "pod-create.json"), Review(pod, "CREATE").ToJsonString());
        File.WriteAllText(Path.Combine(dir, "not-a-review.json"), """{"apiVersion":"v1","kind":"Pod"}""");

        dir = Clean(root, "patch");
        var current = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"},"finalizers":["x"]},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":80}]}]}}""";
        Patch(dir, "json", 0, current, """[{"op":"add","path":"/metadata/labels/c","value":"d"},{"op":"move","from":"/metadata/labels/a","path":"/metadata/x"},{"op":"test","path":"/metadata/name","value":"p"}]""");
        Patch(dir, "merge", 1, current, """{"metadata":{"labels":{"a":null,"e":"f"}},"spec":{"containers":[]}}""");
        Patch(dir, "strategic", 2, current, """{"metadata":{"$deleteFromPrimitiveList/finalizers":["x"]},"spec":{"containers":[{"name":"c","image":"j"},{"name":"d","$patch":"delete"}],"$setElementOrder/containers":[{"name":"c"}]}}""");
        Patch(dir, "apply", 3, current, """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"z"}},"spec":{"containers":[{"name":"c","image":"k"}]}}""");

        dir = Clean(root, "ads");
        Ads(dir, "sotw-subscribe-ack", delta: false,
            new DiscoveryRequest { Node = new Node { Id = "fuzz" }, TypeUrl = TypeUrls.Cluster },
            new DiscoveryRequest { TypeUrl = TypeUrls.Listener, ResourceNames = { "reviews.shop.svc.cluster.local:9080" } },
            new DiscoveryRequest { TypeUrl = TypeUrls.Cluster, VersionInfo = "x", ResponseNonce = "1" });
        Ads(dir, "sotw-nack", delta: false,
            new DiscoveryRequest { Node = new Node { Id = "fuzz" }, TypeUrl = TypeUrls.Endpoint, ResourceNames = { "*" } },
            new DiscoveryRequest { TypeUrl = TypeUrls.Endpoint, ResponseNonce = "1", ErrorDetail = new Google.Rpc.Status { Code = 3, Message = "bad" } });
        Ads(dir, "delta-subscribe", delta: true,
            new DeltaDiscoveryRequest { Node = new Node { Id = "fuzz" }, TypeUrl = TypeUrls.Cluster, ResourceNamesSubscribe = { "*" } },
            new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Route, ResourceNamesSubscribe = { "a" }, InitialResourceVersions = { ["a"] = "1" } },
            new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Cluster, ResourceNamesUnsubscribe = { "*" }, ResponseNonce = "1" });
    }

    private static JsonObject Review(JsonObject pod, string operation) => new()
    {
        ["apiVersion"] = "admission.k8s.io/v1",
        ["kind"] = "AdmissionReview",
        ["request"] = new JsonObject
        {
            ["uid"] = "705ab4f5-6393-11e8-b7cc-42010a800002",
            ["kind"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Pod" },
            ["resource"] = new JsonObject { ["group"] = "", ["version"] = "v1", ["resource"] = "pods" },
            ["namespace"] = "shop",
            ["operation"] = operation,
            ["object"] = pod.DeepClone(),
        },
    };

    private static void Patch(string dir, string name, byte mode, string current, string patch) =>
        File.WriteAllBytes(Path.Combine(dir, name + ".bin"), [mode, .. Encoding.UTF8.GetBytes(current + "\0" + patch)]);

    private static void Ads(string dir, string name, bool delta, params IMessage[] requests)
    {
        using var stream = new MemoryStream();
        stream.WriteByte(delta ? (byte)1 : (byte)0);
        foreach (var request in requests)
        {
            request.WriteDelimitedTo(stream);
        }

        File.WriteAllBytes(Path.Combine(dir, name + ".bin"), stream.ToArray());
    }

    private static string Clean(string root, string target)
    {
        var dir = Path.Combine(root, target);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        return dir;
    }
}
