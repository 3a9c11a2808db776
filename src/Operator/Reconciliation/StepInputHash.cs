using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;

namespace Mesh.Operator.Reconciliation;

/// <summary>
/// Builds the hash of what one act step reads (<see cref="IReconcileStep.InputHash"/>): the desired children, the
/// observed children by resourceVersion, and the policy fields the step uses. Strings are length-prefixed so that
/// ("ab", "c") and ("a", "bc") differ.
/// </summary>
internal sealed class StepInputHash : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public StepInputHash Add(string? value)
    {
        var bytes = Encoding.UTF8.GetBytes(value ?? "\0null");
        _hash.AppendData(BitConverter.GetBytes(bytes.Length));
        _hash.AppendData(bytes);
        return this;
    }

    public StepInputHash Add(long value) => Add(value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Adds an object by its JSON form (desired children, requests).</summary>
    public StepInputHash AddJson(object? value) => Add(value is null ? null : KubernetesJson.Serialize(value));

    /// <summary>Adds observed objects by identity and resourceVersion (and whether they are being deleted), ordered by name.</summary>
    public StepInputHash AddObserved<T>(IEnumerable<T> objects)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        foreach (var o in objects.OrderBy(o => o.Metadata.NamespaceProperty, StringComparer.Ordinal).ThenBy(o => o.Metadata.Name, StringComparer.Ordinal))
        {
            Add(o.Metadata.NamespaceProperty).Add(o.Metadata.Name).Add(o.Metadata.Uid).Add(o.Metadata.ResourceVersion).Add(o.Metadata.DeletionTimestamp is null ? "live" : "deleting");
        }
        return Add("|");
    }

    /// <summary>Adds one observed object that may be absent.</summary>
    public StepInputHash AddObserved<T>(T? obj)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        obj is null ? Add("absent") : AddObserved([obj]);

    /// <summary>
    /// The policy as the steps see it: identity (children's owner references) and spec (by content, not generation:
    /// a policy built in memory has none).
    /// </summary>
    public StepInputHash AddPolicy(Entities.MeshPolicy policy) =>
        Add(policy.Metadata.NamespaceProperty).Add(policy.Metadata.Name).Add(policy.Metadata.Uid).AddJson(policy.Spec);

    public string Finish() => Convert.ToHexString(_hash.GetHashAndReset());

    public void Dispose() => _hash.Dispose();
}
