using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Tables;

/// <summary>
/// kubectl-like columns for a few built-ins (after kubernetes pkg/printers/internalversion/printers.go); every other
/// built-in gets the server default, Name and Created At.
/// </summary>
internal static class BuiltInColumns
{
    public static IReadOnlyList<TableColumn>? For(string group, string plural, Func<JsonObject, JsonNode?> age) => (group, plural) switch
    {
        ("", "namespaces") => [Name(), Text("Status", o => S(o, "status", "phase")), Age(age)],
        ("", "pods") =>
        [
            Name(),
            Text("Ready", o => $"{Count(o["status"]?["containerStatuses"], c => c?["ready"]?.GetValue<bool>() == true)}/{Count(o["spec"]?["containers"], _ => true)}"),
            Text("Status", o => S(o, "status", "phase")),
            new TableColumn("Restarts", "string", "", "The number of times the containers in this pod have been restarted.", 0,
                o => (o["status"]?["containerStatuses"] as JsonArray)?.Sum(c => c?["restartCount"]?.GetValue<int>() ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0"),
            Age(age),
        ],
        ("", "nodes") =>
        [
            Name(),
            Text("Status", o => (o["status"]?["conditions"] as JsonArray)?.Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True") == true
                ? "Ready" : "NotReady"),
            Text("Roles", o => (o["metadata"]?["labels"] as JsonObject)?.Select(l => l.Key).Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
                .Select(k => k["node-role.kubernetes.io/".Length..]).DefaultIfEmpty("<none>").Aggregate((a, b) => $"{a},{b}") ?? "<none>"),
            Age(age),
            Text("Version", o => S(o, "status", "nodeInfo", "kubeletVersion") ?? ""),
        ],
        ("", "configmaps") => [Name(), Int("Data", o => Count(o["data"]) + Count(o["binaryData"])), Age(age)],
        ("", "secrets") => [Name(), Text("Type", o => S(o, "type")), Int("Data", o => Count(o["data"])), Age(age)],
        ("", "services") =>
        [
            Name(), Text("Type", o => S(o, "spec", "type") ?? "ClusterIP"), Text("Cluster-IP", o => S(o, "spec", "clusterIP") ?? "<none>"),
            Text("External-IP", _ => "<none>"),
            Text("Port(s)", o => string.Join(",", (o["spec"]?["ports"] as JsonArray ?? []).Select(p =>
                p?["nodePort"] is { } nodePort ? $"{p?["port"]}:{nodePort}/{(string?)p?["protocol"] ?? "TCP"}" : $"{p?["port"]}/{(string?)p?["protocol"] ?? "TCP"}"))),
            Age(age),
        ],
        ("apps", "deployments") =>
        [
            Name(),
            Text("Ready", o => $"{I(o, "readyReplicas")}/{o["spec"]?["replicas"]?.GetValue<int>() ?? 1}"),
            Int("Up-to-date", o => I(o, "updatedReplicas")), Int("Available", o => I(o, "availableReplicas")), Age(age),
        ],
        ("policy", "poddisruptionbudgets") =>
        [
            Name(),
            Text("Min Available", o => o["spec"]?["minAvailable"]?.ToString() ?? "N/A"),
            Text("Max Unavailable", o => o["spec"]?["maxUnavailable"]?.ToString() ?? "N/A"),
            Int("Allowed Disruptions", o => int.TryParse(o["status"]?["disruptionsAllowed"]?.ToJsonString(), out var n) ? n : 0),
            Age(age),
        ],
        ("", "events") =>
        [
            Text("Last Seen", o => age(new JsonObject { ["metadata"] = new JsonObject { ["creationTimestamp"] = (o["lastTimestamp"] ?? o["eventTime"] ?? o["metadata"]?["creationTimestamp"])?.DeepClone() } })?.ToString()),
            Text("Type", o => S(o, "type")), Text("Reason", o => S(o, "reason")),
            Text("Object", o => $"{((string?)o["involvedObject"]?["kind"] ?? "").ToLowerInvariant()}/{o["involvedObject"]?["name"]}"),
            Text("Message", o => S(o, "message")),
        ],
        _ => null,
    };

    public static TableColumn Name() =>
        new("Name", "string", "name", "Name must be unique within a namespace.", 0, o => o["metadata"]?["name"]?.DeepClone());

    public static TableColumn Age(Func<JsonObject, JsonNode?> age) =>
        new("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0, age);

    private static TableColumn Text(string name, Func<JsonObject, string?> cell) =>
        new(name, "string", "", name, 0, o => cell(o) is { } s ? JsonValue.Create(s) : null);

    private static TableColumn Int(string name, Func<JsonObject, int> cell) => new(name, "integer", "", name, 0, o => JsonValue.Create(cell(o)));

    private static string? S(JsonObject o, params string[] path)
    {
        JsonNode? node = o;
        foreach (var p in path)
        {
            node = node?[p];
        }

        return node is JsonValue v ? v.ToString() : null;
    }

    private static int I(JsonObject o, string field) => o["status"]?[field]?.GetValue<int>() ?? 0;

    private static int Count(JsonNode? node, Func<JsonNode?, bool>? predicate = null) => node switch
    {
        JsonArray a => a.Count(predicate ?? (_ => true)),
        JsonObject m => m.Count,
        _ => 0,
    };
}
