using System.Text.Json.Nodes;
using CsCheck;

namespace Mesh.Operator.Tests.Robustness;

/// <summary>
/// Generates MeshPolicies as the API would receive them: structurally plausible (the field names of the CRD, values
/// of the right JSON kind most of the time) with the edge values that break code: port 0, 1, 65535 and 65536, empty
/// and huge strings, zero, negative and huge durations, bad regexes, weights that do not sum, unknown Services,
/// Subsets and header names Envoy treats specially. Services, subsets and labels come from the shop sample so that
/// many policies get past the planner to the translator.
/// </summary>
public static class MeshPolicyGen
{
    private static readonly Gen<JsonNode?> ServiceName = Edge(Str("productpage", "reviews", "ratings", "details"), Str("missing", "a", "reviews-v2", "", "Reviews"));
    private static readonly Gen<JsonNode?> Port = Edge(Int(9080), Int(1, 65535, 0, 65536, 8080, -1));
    private static readonly Gen<JsonNode?> Duration = Edge(Str("1ms", "500ms", "2s", "1h30m", "24h", "8h", "0.5s", "1.5h"), Str("0s", "1ns", "8760h", "9999999999h", "99999999999999999999h", "-1s", "bogus", ""));
    private static readonly Gen<JsonNode?> Percent = Edge(Int(1, 5, 50, 99, 100), Int(0, 101, -1));
    private static readonly Gen<JsonNode?> SubsetName = Edge(Str("v1", "v2"), Str("v3", "V1", ""));
    private static readonly Gen<JsonNode?> Method = Edge(Str("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"), Str("get"));
    private static readonly Gen<JsonNode?> HeaderName = Edge(Str("x-user-group", "user-agent", "x-debug"), Str(":authority", ":path", "host", "Content-Type", "te", "x-UPPER", "a b", "", "x"));
    private static readonly Gen<JsonNode?> Regex = Edge(Str(".*", "^/details/[0-9]{10,13}$", ".*BetaApp/[0-9]+.*", "(a|b)+"), Str("(", "[", "a{1000}", "(?i)abc", "\\d+", "a**", "\\", "^$", "\\p{L}", "(?P<n>a)", "a{2,1}", "\\C"));
    private static readonly Gen<JsonNode?> RoutePath = Edge(Str("/", "/a", "/a/", "/details/legacy"), Str("//", "/%2F", "/a/../b", "a", "/" + new string('x', 1023), "/é", "/a b", "/a?b", "/a#b"));
    private static readonly Gen<JsonNode?> AuthPath = Edge(Str("*", "/", "/a/*", "/a/b", "/*"), Str("/a*", "//x", "/a/*/b", "/%2e%2e/admin", "", "/a/%2F/b", "/.."));
    private static readonly Gen<JsonNode?> Name = Edge(Str("default", "a", "testers", "canary-1"), Str("A", "", new string('r', 63), new string('r', 64)));
    private static readonly Gen<JsonNode?> Host = Edge(Str("api.example.com", "*.example.org", "localhost"), Str("*", "x", "a..b", "*.a", "10.0.0.1", new string('h', 63) + ".com", "API.example.com"));
    private static readonly Gen<JsonNode?> BigInt = Edge(Int(1, 100, 1024), Int(0, int.MaxValue, -1));

    /// <summary>A MeshPolicy object in namespace shop, its spec built of the generators below.</summary>
    public static Gen<JsonObject> Policy { get; } = Obj(
        ("workloads", Workloads(), 60),
        ("mtls", Mtls(), 60),
        ("defaultAuthorization", Edge(Str("AllowAll", "DenyAll", "AllowSameNamespace"), Str("allowall")), 40),
        ("services", List(Service(), 0, 4), 90),
        ("networkPolicy", Obj(("mode", Str("Enforce", "Disabled"), 90)), 30),
        ("egress", Egress(), 40),
        ("observability", Observability(), 40))
        .Select(spec => new JsonObject
        {
            ["apiVersion"] = "mesh.dev/v1alpha1",
            ["kind"] = "MeshPolicy",
            ["metadata"] = new JsonObject { ["name"] = "generated", ["namespace"] = PolicyPipeline.Namespace },
            ["spec"] = spec,
        });

    private static Gen<JsonNode?> Workloads() => Obj(
        ("selector", Gen.OneOf<JsonNode?>(
            Gen.Const<JsonNode?>(() => new JsonObject { ["matchLabels"] = new JsonObject { ["mesh.dev/member"] = "true" } }),
            Gen.Const<JsonNode?>(() => new JsonObject()),
            Gen.Const<JsonNode?>(() => new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "reviews" } }),
            Gen.Const<JsonNode?>(() => new JsonObject
            {
                ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "version", ["operator"] = "In", ["values"] = new JsonArray("v1", "v2") }),
            }),
            Gen.Const<JsonNode?>(() => new JsonObject
            {
                ["matchExpressions"] = new JsonArray(new JsonObject { ["key"] = "app", ["operator"] = "Exists", ["values"] = new JsonArray("x") }),
            })), 80),
        ("restartOnChange", Gen.Bool.Select(b => (JsonNode?)b), 30));

    private static Gen<JsonNode?> Mtls() => Obj(
        ("mode", Str("Permissive", "Strict", "Disabled"), 80),
        ("trustDomain", Edge(Str("cluster.local", "example.org", "a"), Str("-bad", new string('t', 253))), 30),
        ("certificates", Obj(
            ("provider", Str("BuiltIn", "CertManager"), 70),
            ("issuerRef", Obj(("name", Edge(Str("ca"), Str("")), 98), ("kind", Str("Issuer", "ClusterIssuer"), 50)), 40),
            ("duration", Duration, 40),
            ("renewBefore", Duration, 40)), 50));

    private static Gen<JsonNode?> Service() => Obj(
        ("name", ServiceName, 98),
        ("ports", List(Obj(("port", Port, 95), ("protocol", Edge(Str("HTTP", "HTTP2", "GRPC", "TCP"), Str("http")), 90)), 0, 2), 90),
        ("subsets", List(Obj(("name", SubsetName, 95), ("labels", Gen.OneOf<JsonNode?>(
            Gen.Const<JsonNode?>(() => new JsonObject { ["version"] = "v1" }),
            Gen.Const<JsonNode?>(() => new JsonObject { ["version"] = "v2" }),
            Gen.Const<JsonNode?>(() => new JsonObject { ["version"] = "nope" })), 98)), 0, 3), 50),
        ("routes", List(Route(), 0, 3), 60),
        ("loadBalancing", Obj(
            ("algorithm", Str("RoundRobin", "LeastRequest", "Random", "RingHash", "Maglev"), 80),
            ("hashOn", Obj(("header", HeaderName, 40), ("cookie", Str("session", ""), 40), ("sourceIP", Gen.Bool.Select(b => (JsonNode?)b), 30)), 40),
            ("localityFailover", Gen.Bool.Select(b => (JsonNode?)b), 30)), 40),
        ("circuitBreaker", Obj(("maxConnections", BigInt, 50), ("maxPendingRequests", BigInt, 50), ("maxRequests", BigInt, 50), ("maxRetries", BigInt, 50)), 30),
        ("outlierDetection", Obj(("consecutive5xx", BigInt, 50), ("interval", Duration, 50), ("baseEjectionTime", Duration, 50), ("maxEjectionPercent", Percent, 50)), 30),
        ("rateLimit", Obj(("requestsPerSecond", BigInt, 80), ("burst", BigInt, 60)), 30),
        ("authorization", Obj(
            ("action", Str("Allow", "Deny", "Audit"), 80),
            ("rules", List(Obj(
                ("from", List(Obj(("serviceAccount", Str("productpage", "reviews", "a.b", "-x"), 60), ("namespace", Str("shop", "ingress", "Bad"), 60)), 0, 2), 60),
                ("to", List(Obj(("methods", List(Method, 0, 3), 50), ("paths", List(AuthPath, 0, 3), 60), ("ports", List(Port, 0, 2), 40)), 0, 2), 60)), 0, 3), 97)), 40));

    private static Gen<JsonNode?> Route() => Obj(
        ("name", Name, 98),
        ("match", Obj(
            ("headers", List(Obj(("name", HeaderName, 95), ("exact", Str("testers", "", "a\nb", new string('v', 4096)), 30), ("prefix", Str("abort-", ""), 20), ("regex", Regex, 20), ("present", Gen.Bool.Select(b => (JsonNode?)b), 20)), 0, 2), 50),
            ("path", Obj(("exact", RoutePath, 30), ("prefix", RoutePath, 40), ("regex", Regex, 30)), 50),
            ("methods", List(Method, 0, 3), 40)), 50),
        ("backends", List(Obj(("subset", SubsetName, 50), ("service", ServiceName, 50), ("port", Port, 30), ("weight", Percent, 50)), 1, 3), 97),
        ("timeout", Duration, 30),
        ("retries", Obj(("attempts", Int(0, 1, 3, 10, 11), 80), ("perTryTimeout", Duration, 50), ("retryOn", List(Str("5xx", "reset", "unavailable", "connect-failure", "bogus"), 0, 3), 50), ("budgetPercent", Percent, 30)), 30),
        ("fault", Obj(
            ("delay", Obj(("percent", Percent, 90), ("duration", Duration, 90)), 50),
            ("abort", Obj(("percent", Percent, 90), ("httpStatus", Int(200, 503, 599, 199, 600, 0), 90)), 50)), 30),
        ("mirror", Obj(("subset", SubsetName, 40), ("service", ServiceName, 50), ("port", Port, 30), ("percent", Percent, 60)), 20));

    private static Gen<JsonNode?> Egress() => Obj(
        ("mode", Str("AllowAny", "RegistryOnly"), 80),
        ("hosts", List(Obj(("host", Host, 95), ("port", Port, 98), ("protocol", Str("TLS", "HTTP", "TCP"), 60)), 0, 3), 70));

    private static Gen<JsonNode?> Observability() => Obj(
        ("metrics", Obj(("enabled", Gen.Bool.Select(b => (JsonNode?)b), 90)), 40),
        ("accessLog", Obj(("enabled", Gen.Bool.Select(b => (JsonNode?)b), 90), ("format", Str("Json", "Text"), 60)), 40),
        ("tracing", Obj(
            ("enabled", Gen.Bool.Select(b => (JsonNode?)b), 90),
            ("provider", Str("Zipkin"), 50),
            ("endpoint", Edge(Str("zipkin.monitoring:9411", "a:1"), Str("zipkin:0", "zipkin:99999", "", "zipkin")), 97),
            ("samplingPercent", Gen.OneOf<JsonNode?>(Gen.Const<JsonNode?>(() => 0), Gen.Const<JsonNode?>(() => 100), Gen.Const<JsonNode?>(() => 2.5), Gen.Const<JsonNode?>(() => 1e-9), Gen.Const<JsonNode?>(() => 100.5)), 60)), 50));

    /// <summary>Mostly ordinary values, one time in ten an edge value: most policies stay admissible, many fields get an edge.</summary>
    private static Gen<JsonNode?> Edge(Gen<JsonNode?> ordinary, Gen<JsonNode?> edge) => Gen.Frequency((9, ordinary), (1, edge));

    private static Gen<JsonNode?> Str(params string[] values) => Gen.OneOf(values).Select(v => (JsonNode?)JsonValue.Create(v));

    private static Gen<JsonNode?> Int(params int[] values) => Gen.OneOf(values).Select(v => (JsonNode?)JsonValue.Create(v));

    private static Gen<JsonNode?> List(Gen<JsonNode?> item, int min, int max) =>
        item.List[min, max].Select(items => (JsonNode?)new JsonArray([.. items.Select(Detached)]));

    /// <summary>An object whose fields are each present with the given chance (percent).</summary>
    private static Gen<JsonNode?> Obj(params (string Key, Gen<JsonNode?> Value, int Presence)[] fields) =>
        ObjectOf(fields).Select(o => (JsonNode?)o);

    private static Gen<JsonObject> ObjectOf((string Key, Gen<JsonNode?> Value, int Presence)[] fields)
    {
        var gen = Gen.Const(() => new List<KeyValuePair<string, JsonNode?>>());
        foreach (var (key, value, presence) in fields)
        {
            var field = Gen.Int[0, 99].SelectMany(roll => roll < presence ? value.Select(v => (true, v)) : Gen.Const((false, (JsonNode?)null)));
            gen = gen.SelectMany(list => field.Select(f =>
            {
                var next = new List<KeyValuePair<string, JsonNode?>>(list);
                if (f.Item1)
                {
                    next.Add(new(key, f.Item2));
                }

                return next;
            }));
        }

        return gen.Select(list => new JsonObject(list.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Detached(p.Value)))));
    }

    // A node may have one parent: generated values are copied when they are placed.
    private static JsonNode? Detached(JsonNode? node) => node is null ? null : node.Parent is null ? node : node.DeepClone();
}
