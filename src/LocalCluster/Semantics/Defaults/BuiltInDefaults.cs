using System.Text.Json.Nodes;
using Mesh.LocalCluster.Resources;

namespace Mesh.LocalCluster.Semantics.Defaults;

/// <summary>
/// Defaulting of the built-in kinds users see, as kube-apiserver applies it when it decodes a request body (and again
/// when it decodes what mutating webhooks patched, so injected containers are defaulted too). Idempotent.
/// </summary>
internal static class BuiltInDefaults
{
    public static void Apply(ResourceDefinition def, JsonObject obj)
    {
        switch ((def.StorageKey.Group, def.StorageKey.Plural))
        {
            case ("", "services"):
                ServiceDefaults.Apply(obj);
                break;
            case ("", "pods"):
                PodDefaults.Pod(obj);
                break;
            case ("", "replicationcontrollers"):
                WorkloadDefaults.ReplicationController(obj);
                break;
            case ("", "secrets"):
                JsonDefaults.Set(obj, "type", "Opaque");
                break;
            case ("apps", "deployments"):
                WorkloadDefaults.Deployment(obj);
                break;
            case ("apps", "replicasets"):
                WorkloadDefaults.ReplicaSet(obj);
                break;
            case ("apps", "statefulsets"):
                WorkloadDefaults.StatefulSet(obj);
                break;
            case ("apps", "daemonsets"):
                WorkloadDefaults.DaemonSet(obj);
                break;
            case ("batch", "jobs"):
                WorkloadDefaults.Job(obj);
                break;
            case ("batch", "cronjobs"):
                WorkloadDefaults.CronJob(obj);
                break;
            case ("admissionregistration.k8s.io", "mutatingwebhookconfigurations"):
                Admission.WebhookConfigurationValidator.ApplyDefaults(obj, mutating: true);
                break;
            case ("admissionregistration.k8s.io", "validatingwebhookconfigurations"):
                Admission.WebhookConfigurationValidator.ApplyDefaults(obj, mutating: false);
                break;
            case ("admissionregistration.k8s.io", "validatingadmissionpolicies"):
                Admission.Policies.PolicyDefaults.Apply(obj, binding: false);
                break;
            case ("admissionregistration.k8s.io", "validatingadmissionpolicybindings"):
                Admission.Policies.PolicyDefaults.Apply(obj, binding: true);
                break;
        }
    }
}
