using Mesh.Operator.Runtime;

namespace Mesh.Operator.Injection;

/// <summary>The admission kinds the injector reads and writes.</summary>
public static class WebhookKinds
{
    public static ResourceKind MutatingWebhookConfiguration { get; } = new()
    {
        Group = "admissionregistration.k8s.io",
        Version = "v1",
        Plural = "mutatingwebhookconfigurations",
        Kind = "MutatingWebhookConfiguration",
        Namespaced = false,
    };

    public static ResourceKind ValidatingWebhookConfiguration { get; } = new()
    {
        Group = "admissionregistration.k8s.io",
        Version = "v1",
        Plural = "validatingwebhookconfigurations",
        Kind = "ValidatingWebhookConfiguration",
        Namespaced = false,
    };

    public static ResourceKind ValidatingAdmissionPolicy { get; } = new()
    {
        Group = "admissionregistration.k8s.io",
        Version = "v1",
        Plural = "validatingadmissionpolicies",
        Kind = "ValidatingAdmissionPolicy",
        Namespaced = false,
    };

    public static ResourceKind ValidatingAdmissionPolicyBinding { get; } = new()
    {
        Group = "admissionregistration.k8s.io",
        Version = "v1",
        Plural = "validatingadmissionpolicybindings",
        Kind = "ValidatingAdmissionPolicyBinding",
        Namespaced = false,
    };
}
