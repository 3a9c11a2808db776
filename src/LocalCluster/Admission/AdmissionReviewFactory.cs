using System.Text.Json.Nodes;

namespace Mesh.LocalCluster.Admission;

/// <summary>Builds the admission.k8s.io/v1 AdmissionReview a webhook receives. Pure.</summary>
internal static class AdmissionReviewFactory
{
    /// <summary>Who the embedded API says is asking: it has no authentication, so everyone is the cluster admin.</summary>
    public const string UserName = "system:admin";

    public static JsonObject Build(string uid, AdmissionAttributes request)
    {
        var def = request.Resource;
        var kind = new JsonObject { ["group"] = request.Kind.Group, ["version"] = request.Kind.Version, ["kind"] = request.Kind.Kind };
        var resource = new JsonObject { ["group"] = def.Group, ["version"] = def.Version, ["resource"] = def.Plural };
        var body = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = kind,
            ["resource"] = resource,
        };
        if (request.Subresource.Length > 0)
        {
            body["subResource"] = request.Subresource;
        }

        body["requestKind"] = kind.DeepClone();
        body["requestResource"] = resource.DeepClone();
        if (request.Subresource.Length > 0)
        {
            body["requestSubResource"] = request.Subresource;
        }

        if (request.Name.Length > 0)
        {
            body["name"] = request.Name;
        }

        if (request.Namespace.Length > 0)
        {
            body["namespace"] = request.Namespace;
        }

        body["operation"] = request.Operation;
        body["userInfo"] = new JsonObject
        {
            ["username"] = UserName,
            ["groups"] = new JsonArray("system:masters", "system:authenticated"),
        };
        body["object"] = request.Object?.DeepClone();
        body["oldObject"] = request.OldObject?.DeepClone();
        body["dryRun"] = request.DryRun;
        body["options"] = request.Options?.DeepClone();
        return new JsonObject
        {
            ["kind"] = "AdmissionReview",
            ["apiVersion"] = "admission.k8s.io/v1",
            ["request"] = body,
        };
    }

    /// <summary>request.options for a write: CreateOptions, UpdateOptions or DeleteOptions (meta.k8s.io/v1).</summary>
    public static JsonObject Options(string operation, bool dryRun, string fieldManager)
    {
        var options = new JsonObject
        {
            ["kind"] = operation switch { "CREATE" => "CreateOptions", "UPDATE" => "UpdateOptions", _ => "DeleteOptions" },
            ["apiVersion"] = "meta.k8s.io/v1",
        };
        if (dryRun)
        {
            options["dryRun"] = new JsonArray("All");
        }

        if (fieldManager.Length > 0 && operation != "DELETE")
        {
            options["fieldManager"] = fieldManager;
        }

        return options;
    }
}
