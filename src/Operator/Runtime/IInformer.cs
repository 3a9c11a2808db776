namespace Mesh.Operator.Runtime;

/// <summary>The part of an informer the manager drives, whatever its kind.</summary>
public interface IInformer
{
    ResourceKind Kind { get; }

    /// <summary>Completes once the first list is in the cache.</summary>
    Task Synced { get; }

    Task RunAsync(CancellationToken ct);
}
