namespace Mesh.LocalCluster.Patching;

/// <summary>
/// The patchStrategy:"merge" / patchMergeKey tags of the built-in types the embedded API hosts, by kind and field path
/// (list indexes left out). Taken from the struct tags in k8s.io/api core/v1, apps/v1, admissionregistration/v1 and
/// meta/v1 types.go. A list not named here is replaced as a whole, as the API server does for lists without a strategy
/// (tolerations, args, command, envFrom, NetworkPolicy rules, EndpointSlice endpoints...).
/// </summary>
internal static class PatchMergeKeys
{
    private static readonly Dictionary<string, ListStrategy> PodSpecLists = new(StringComparer.Ordinal)
    {
        ["containers"] = new("name"),
        ["initContainers"] = new("name"),
        ["ephemeralContainers"] = new("name"),
        ["volumes"] = new("name"),
        ["imagePullSecrets"] = new("name"),
        ["hostAliases"] = new("ip"),
        ["topologySpreadConstraints"] = new("topologyKey"),
        ["resourceClaims"] = new("name"),
        ["schedulingGates"] = new("name"),
        ["containers.env"] = new("name"),
        ["containers.ports"] = new("containerPort"),
        ["containers.volumeMounts"] = new("mountPath"),
        ["containers.volumeDevices"] = new("devicePath"),
        ["initContainers.env"] = new("name"),
        ["initContainers.ports"] = new("containerPort"),
        ["initContainers.volumeMounts"] = new("mountPath"),
        ["initContainers.volumeDevices"] = new("devicePath"),
        ["ephemeralContainers.env"] = new("name"),
        ["ephemeralContainers.volumeMounts"] = new("mountPath"),
        ["ephemeralContainers.volumeDevices"] = new("devicePath"),
    };

    private static readonly Dictionary<string, ListStrategy> Common = new(StringComparer.Ordinal)
    {
        ["metadata.ownerReferences"] = new("uid"),
        ["metadata.finalizers"] = new(null),
        ["status.conditions"] = new("type"),
    };

    private static readonly Dictionary<string, ListStrategy> Extra = new(StringComparer.Ordinal)
    {
        ["/Service/spec.ports"] = new("port"),
        ["/ServiceAccount/secrets"] = new("name"),
        ["apps/Deployment/status.conditions"] = new("type"),
        ["admissionregistration.k8s.io/MutatingWebhookConfiguration/webhooks"] = new("name"),
        ["admissionregistration.k8s.io/ValidatingWebhookConfiguration/webhooks"] = new("name"),
    };

    /// <summary>The strategy for the list at <paramref name="path"/> (field names joined by '.'), or null to replace it.</summary>
    public static ListStrategy? Find(string group, string kind, string path)
    {
        if (Common.TryGetValue(path, out var common))
        {
            return common;
        }

        if (Extra.TryGetValue($"{group}/{kind}/{path}", out var extra))
        {
            return extra;
        }

        var podSpecPrefix = (group, kind) switch
        {
            ("", "Pod") => "spec.",
            ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet") => "spec.template.spec.",
            _ => null,
        };

        return podSpecPrefix is not null && path.StartsWith(podSpecPrefix, StringComparison.Ordinal)
            && PodSpecLists.TryGetValue(path[podSpecPrefix.Length..], out var podList)
            ? podList
            : null;
    }
}
