using System.Text.RegularExpressions;
using Mesh.Meshctl.Cli;

namespace Mesh.Meshctl.Proxies;

/// <summary>A pod named on the command line as <c>POD.NAMESPACE</c> (istioctl's form), or <c>POD</c> with <c>-n NAMESPACE</c>.</summary>
internal sealed partial record PodName(string Name, string Namespace)
{
    /// <summary>Splits at the last dot (pod names may hold dots, namespaces never do); throws a one-line failure when malformed.</summary>
    public static PodName Parse(string text, string? ns)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dot = text.LastIndexOf('.');
        var (name, space) = ns is { Length: > 0 } && (dot < 0 || !NamespaceName().IsMatch(text[(dot + 1)..]))
            ? (text, ns)
            : dot > 0 ? (text[..dot], text[(dot + 1)..]) : (text, "");
        if (!PodNamePattern().IsMatch(name) || !NamespaceName().IsMatch(space))
        {
            throw new CommandFailure($"\"{text}\" is not POD.NAMESPACE (a pod name, a dot, its namespace, e.g. productpage-v1-5d4b8f9c7-x2x4q.shop); pass it in that form, or the pod name with -n NAMESPACE.");
        }
        return new PodName(name, space);
    }

    public override string ToString() => $"{Name}.{Namespace}";

    // RFC 1123 subdomain (pod names) and label (namespaces), as the API server validates them.
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex PodNamePattern();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex NamespaceName();
}
