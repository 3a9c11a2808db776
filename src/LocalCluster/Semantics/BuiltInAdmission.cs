using System.Text.Json.Nodes;
using Mesh.LocalCluster.Admission;
using Mesh.LocalCluster.Errors;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Semantics;

/// <summary>Defaulting and validation of the built-in kinds that have rules here (the per-kind strategies' part).</summary>
internal static class BuiltInAdmission
{
    /// <summary>Defaults <paramref name="obj"/> in place and returns its field errors.</summary>
    public static List<FieldCause> Admit(ResourceDefinition def, JsonObject obj, JsonObject? old)
    {
        // Defaulting runs on every decode: of the request body and again of what mutating webhooks patched.
        Defaults.BuiltInDefaults.Apply(def, obj);
        if (def.Group != "admissionregistration.k8s.io")
        {
            return [];
        }

        return def.Plural switch
        {
            "validatingadmissionpolicies" => Admission.Policies.PolicyParser.Policy(obj).Causes,
            "validatingadmissionpolicybindings" => Admission.Policies.PolicyParser.Binding(obj).Causes,
            _ => WebhookConfigurationValidator.Validate(obj, def.Plural == "mutatingwebhookconfigurations", old),
        };
    }
}
