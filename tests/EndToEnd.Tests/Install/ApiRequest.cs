using Mesh.Operator.Hosting;

namespace Mesh.EndToEnd.Tests.Install;

/// <summary>What RBAC sees of one API request: group, resource (with /subresource), verb, namespace and name.</summary>
internal sealed record ApiRequest(string Group, string Resource, string Verb, string? Namespace, string? Name)
{
    /// <summary>The RBAC attributes of a request to the API server (k8s.io/apiserver request info rules).</summary>
    public static ApiRequest? Parse(HttpMethod method, Uri uri)
    {
        var parts = uri.AbsolutePath.Trim('/').Split('/');
        var (group, rest) = parts switch
        {
            ["api", _, .. var r] => ("", r),
            ["apis", var g, _, .. var r] => (g, r),
            _ => ("", (string[]?)null),
        };
        if (rest is null || rest.Length == 0)
        {
            return null; // discovery
        }

        string? ns = null;
        if (rest is ["namespaces", var n, _, ..])
        {
            ns = n;
            rest = rest[2..];
        }

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        if (rest.Length > 2)
        {
            resource += "/" + rest[2];
        }

        var watch = uri.Query.Contains("watch=true", StringComparison.Ordinal);
        var verb = method.Method switch
        {
            "GET" when name is null => watch ? "watch" : "list",
            "GET" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name is null => "deletecollection",
            "DELETE" => "delete",
            _ => method.Method.ToLowerInvariant(),
        };
        return new ApiRequest(group, resource, verb, ns, name);
    }

    /// <summary>Whether a ClusterRole with <paramref name="clusterWide"/> and a Role in <paramref name="roleNamespace"/> allow it.</summary>
    public bool IsAllowed(IEnumerable<PermissionRule> clusterWide, IEnumerable<PermissionRule> role, string roleNamespace) =>
        clusterWide.Any(Grants) || (Namespace == roleNamespace && role.Any(Grants));

    private bool Grants(PermissionRule rule) =>
        rule.Group == Group && rule.Resource == Resource && rule.Verbs.Contains(Verb)
        && (rule.ResourceNames.Count == 0 || (Name is not null && rule.ResourceNames.Contains(Name)));

    public override string ToString() =>
        $"{Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource}{(Namespace is null ? "" : $" in {Namespace}")}{(Name is null ? "" : $" name {Name}")}";
}
