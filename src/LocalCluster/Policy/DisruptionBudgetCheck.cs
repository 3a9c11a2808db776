using System.Text.Json.Nodes;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Selectors;

namespace Mesh.LocalCluster.Policy;

/// <summary>
/// The eviction subresource's decision for one pod and the PodDisruptionBudgets of its namespace
/// (kubernetes pkg/registry/core/pod/storage/eviction.go): which budget applies, whether the pod may go, and whether
/// the budget's disruptionsAllowed is spent. Pure.
/// </summary>
internal static class DisruptionBudgetCheck
{
    public const string RefusalMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    /// <summary>Succeeded, Failed and Pending pods, and pods already being deleted, are evicted without a budget check.</summary>
    public static bool IgnoresBudgets(JsonObject pod) =>
        (string?)pod["status"]?["phase"] is "Succeeded" or "Failed" or "Pending" || pod["metadata"]?["deletionTimestamp"] is not null;

    /// <summary>The budgets whose selector matches the pod: an empty selector (policy/v1) matches every pod, a missing one none.</summary>
    public static List<JsonObject> Matching(IEnumerable<JsonObject> budgets, JsonObject pod)
    {
        var labels = ObjectLabelSelector.LabelsOf(pod);
        return budgets.Where(b => b["spec"]?["selector"] is JsonObject selector && ObjectLabelSelector.Matches(selector, labels)).ToList();
    }

    /// <summary>
    /// Null when the pod may be evicted; <paramref name="decrement"/> says whether the budget is charged (an unready
    /// pod evicted under a healthy budget is not). Throws nothing: a refusal is returned as the exception to throw.
    /// </summary>
    public static ApiException? Decide(JsonObject budget, JsonObject pod, out bool decrement)
    {
        decrement = false;
        var name = (string?)budget["metadata"]?["name"] ?? "";
        var status = budget["status"] as JsonObject;
        var generation = Long(budget["metadata"]?["generation"]);
        var observed = Long(status?["observedGeneration"]);
        var current = Long(status?["currentHealthy"]);
        var desired = Long(status?["desiredHealthy"]);
        var allowed = Long(status?["disruptionsAllowed"]);
        var ready = IsReady(pod);
        if (!ready && (string?)budget["spec"]?["unhealthyPodEvictionPolicy"] == "AlwaysAllow")
        {
            return null;
        }

        if (!ready && current >= desired && desired > 0)
        {
            return null;
        }

        if (observed < generation)
        {
            return TooManyRequests($"The disruption budget {name} is still being processed by the server.");
        }

        if (allowed < 0)
        {
            return new ApiException(403, "Forbidden", $"poddisruptionbudget.policy \"{name}\" is forbidden: pdb disruptions allowed is negative",
                new JsonObject { ["name"] = name, ["group"] = "policy", ["kind"] = "poddisruptionbudget" });
        }

        if (allowed == 0)
        {
            return TooManyRequests($"The disruption budget {name} needs {desired} healthy pods and has {current} currently");
        }

        decrement = true;
        return null;
    }

    /// <summary>The budget after charging one eviction of <paramref name="podName"/> at <paramref name="now"/>.</summary>
    public static JsonObject Charge(JsonObject budget, string podName, string now)
    {
        var next = budget.DeepClone().AsObject();
        var status = next["status"] as JsonObject ?? (JsonObject)(next["status"] = new JsonObject());
        status["disruptionsAllowed"] = Long(status["disruptionsAllowed"]) - 1;
        var disrupted = status["disruptedPods"] as JsonObject ?? (JsonObject)(status["disruptedPods"] = new JsonObject());
        disrupted[podName] = now;
        return next;
    }

    public static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray)?.Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True") == true;

    private static ApiException TooManyRequests(string cause) =>
        new(429, "TooManyRequests", RefusalMessage,
            new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "DisruptionBudget", ["message"] = cause }) });

    private static long Long(JsonNode? node) =>
        node is JsonValue value && long.TryParse(value.ToJsonString(), out var parsed) ? parsed : 0;
}
