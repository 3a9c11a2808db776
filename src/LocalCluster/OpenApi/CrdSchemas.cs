using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.OpenApi;

/// <summary>
/// The published schema of a custom resource, as kube-apiserver builds it from the CRD's openAPIV3Schema: named
/// after the reversed group, tagged with x-kubernetes-group-version-kind, metadata referring to ObjectMeta.
/// </summary>
internal static class CrdSchemas
{
    public static string Add(ResourceDefinition def, JsonObject schema, JsonObject components)
    {
        var name = $"{string.Join('.', def.Group.Split('.').Reverse())}.{def.Version}.{def.Kind}";
        var published = (JsonObject)schema.DeepClone();
        published["type"] ??= "object";
        if (published["properties"] is not JsonObject properties)
        {
            properties = new JsonObject();
            published["properties"] = properties;
        }

        properties["apiVersion"] ??= new JsonObject
        {
            ["type"] = "string",
            ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values.",
        };
        properties["kind"] ??= new JsonObject
        {
            ["type"] = "string",
            ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. In CamelCase.",
        };
        properties["metadata"] = new JsonObject
        {
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + ModelSchemas.AddObjectMeta(components) }),
            ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        };
        published["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject
        {
            ["group"] = def.Group,
            ["kind"] = def.Kind,
            ["version"] = def.Version,
        });
        components[name] = published;
        return name;
    }
}
