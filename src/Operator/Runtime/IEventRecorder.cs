using k8s;
using k8s.Models;

namespace Mesh.Operator.Runtime;

/// <summary>Records Kubernetes Events about an object, as <c>kubectl describe</c> shows them.</summary>
public interface IEventRecorder
{
    /// <summary>
    /// Records an event. <paramref name="type"/> is <see cref="EventTypes.Normal"/> or <see cref="EventTypes.Warning"/>;
    /// <paramref name="reason"/> is UpperCamelCase; <paramref name="message"/> is a sentence. A repeat of the same
    /// object, type, reason and message increments the existing event's count. Never throws for API errors.
    /// </summary>
    Task RecordAsync(IKubernetesObject<V1ObjectMeta> regarding, string type, string reason, string message, CancellationToken ct = default);
}
