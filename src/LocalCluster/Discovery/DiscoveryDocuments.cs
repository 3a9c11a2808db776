using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Discovery;

/// <summary>
/// Discovery bodies in the legacy (APIVersions, APIGroupList, APIGroup, APIResourceList) and aggregated
/// (apidiscovery.k8s.io APIGroupDiscoveryList) forms, as kube-apiserver 1.32 serves them.
/// </summary>
internal static class DiscoveryDocuments
{
    private static readonly string[] StatusVerbs = ["get", "patch", "update"];

    public static JsonObject Version() => new()
    {
        ["major"] = "1",
        ["minor"] = "32",
        ["gitVersion"] = "v1.32.4-mesh-local",
        ["gitCommit"] = "0000000000000000000000000000000000000000",
        ["gitTreeState"] = "clean",
        ["buildDate"] = "2026-01-01T00:00:00Z",
        ["goVersion"] = "go1.23.8",
        ["compiler"] = "gc",
        ["platform"] = "linux/amd64",
    };

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject GroupList(RegistrySnapshot registry) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(registry.Groups.Where(g => g.Name.Length > 0).Select(g => (JsonNode?)Group(g)).ToArray()),
    };

    public static JsonObject Group(ServedGroup group)
    {
        var versions = group.Versions
            .Select(v => (JsonNode?)new JsonObject { ["groupVersion"] = $"{group.Name}/{v.Version}", ["version"] = v.Version })
            .ToArray();
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group.Name,
            ["versions"] = new JsonArray(versions),
            ["preferredVersion"] = versions[0]!.DeepClone(),
        };
    }

    public static JsonObject ResourceList(string groupVersion, ServedVersion version)
    {
        var resources = new JsonArray();
        foreach (var def in version.Resources)
        {
            var item = new JsonObject
            {
                ["name"] = def.Plural,
                ["singularName"] = def.Singular,
                ["namespaced"] = def.Namespaced,
                ["kind"] = def.Kind,
                ["verbs"] = Strings(def.Verbs),
            };
            if (def.ShortNames.Count > 0)
            {
                item["shortNames"] = Strings(def.ShortNames);
            }

            if (def.Categories.Count > 0)
            {
                item["categories"] = Strings(def.Categories);
            }

            resources.Add(item);
            if (def.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = def.Plural + "/status",
                    ["singularName"] = "",
                    ["namespaced"] = def.Namespaced,
                    ["kind"] = def.Kind,
                    ["verbs"] = Strings(StatusVerbs),
                });
            }

            foreach (var sub in def.Subresources)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = $"{def.Plural}/{sub.Name}",
                    ["singularName"] = "",
                    ["namespaced"] = def.Namespaced,
                    ["group"] = sub.Group,
                    ["version"] = sub.Version,
                    ["kind"] = sub.Kind,
                    ["verbs"] = Strings(sub.Verbs),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = groupVersion,
            ["resources"] = resources,
        };
    }

    /// <summary>The aggregated form for /api (core only) or /apis (every named group).</summary>
    public static JsonObject Aggregated(RegistrySnapshot registry, bool core, string apiVersion)
    {
        var items = new JsonArray();
        foreach (var group in registry.Groups.Where(g => (g.Name.Length == 0) == core))
        {
            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (group.Name.Length > 0)
            {
                metadata["name"] = group.Name;
            }

            items.Add(new JsonObject
            {
                ["metadata"] = metadata,
                ["versions"] = new JsonArray(group.Versions.Select(v => (JsonNode?)AggregatedVersion(v)).ToArray()),
            });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = apiVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject AggregatedVersion(ServedVersion version)
    {
        var resources = new JsonArray();
        foreach (var def in version.Resources)
        {
            var kind = new JsonObject { ["group"] = def.Group, ["version"] = def.Version, ["kind"] = def.Kind };
            var item = new JsonObject
            {
                ["resource"] = def.Plural,
                ["responseKind"] = kind,
                ["scope"] = def.Namespaced ? "Namespaced" : "Cluster",
                ["singularResource"] = def.Singular,
                ["verbs"] = Strings(def.Verbs),
            };
            if (def.ShortNames.Count > 0)
            {
                item["shortNames"] = Strings(def.ShortNames);
            }

            if (def.Categories.Count > 0)
            {
                item["categories"] = Strings(def.Categories);
            }

            var subresources = new JsonArray();
            if (def.HasStatus)
            {
                subresources.Add(new JsonObject
                {
                    ["subresource"] = "status",
                    ["responseKind"] = kind.DeepClone(),
                    ["verbs"] = Strings(StatusVerbs),
                });
            }

            foreach (var sub in def.Subresources)
            {
                subresources.Add(new JsonObject
                {
                    ["subresource"] = sub.Name,
                    ["responseKind"] = new JsonObject { ["group"] = sub.Group, ["version"] = sub.Version, ["kind"] = sub.Kind },
                    ["verbs"] = Strings(sub.Verbs),
                });
            }

            if (subresources.Count > 0)
            {
                item["subresources"] = subresources;
            }

            resources.Add(item);
        }

        return new JsonObject { ["version"] = version.Version, ["resources"] = resources, ["freshness"] = "Current" };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
