using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Semantics;

/// <summary>The object after DELETE, and whether it is gone (200) or waits for finalizers (202).</summary>
internal sealed record DeleteResult(StoredObject Object, bool Gone);
