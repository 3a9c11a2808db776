namespace Mesh.Operator.Runtime;

/// <summary>
/// Called by an informer after its cache changed: <paramref name="oldObject"/> is null for an add,
/// <paramref name="newObject"/> is null for a delete. Runs on the informer's loop: keep it short (enqueue keys).
/// </summary>
public delegate void ResourceEventHandler<in T>(T? oldObject, T? newObject)
    where T : class;
