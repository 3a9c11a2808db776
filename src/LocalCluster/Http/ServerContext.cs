using Mesh.LocalCluster.Admission;
using Mesh.LocalCluster.Collection;
using Mesh.LocalCluster.Resources;
using Mesh.LocalCluster.Semantics;
using Mesh.LocalCluster.Storage;

namespace Mesh.LocalCluster.Http;

/// <summary>Everything a request handler needs, built once per server.</summary>
internal sealed record ServerContext(
    ObjectStore Store,
    ResourceRegistry Registry,
    ObjectLifecycle Lifecycle,
    ObjectDeletion Deletion,
    TimeProvider Time,
    TimeSpan BookmarkInterval,
    IAdmissionChain Admission);
