using System.Text.Json.Serialization;
using Mesh.Operator.Entities.Schema;

namespace Mesh.Operator.Entities;

/// <summary>A caller, by mTLS identity: a service account, a namespace, or a service account in a namespace.</summary>
// namespace is a CEL reserved word: Kubernetes exposes the field to rules as __namespace__.
[CelRule("has(self.serviceAccount) || has(self.__namespace__)",
    "a source needs serviceAccount, namespace or both", Name = "source-not-empty")]
public sealed record AuthorizationSource
{
    /// <summary>The caller's service account; in <see cref="Namespace"/> when given, else in the policy's namespace.</summary>
    [JsonPropertyName("serviceAccount")]
    [Length(Min = 1, Max = 253)]
    [Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")]
    public string? ServiceAccount { get; init; }

    /// <summary>The caller's namespace; alone it admits every service account of that namespace.</summary>
    [JsonPropertyName("namespace")]
    [Length(Min = 1, Max = 63)]
    [Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    public string? Namespace { get; init; }
}
