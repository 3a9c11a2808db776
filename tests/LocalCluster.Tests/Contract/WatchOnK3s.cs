using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class WatchOnK3s(K3sFixture fixture)
    : WatchContract<K3sFixture>(fixture), IClassFixture<K3sFixture>, IRequiresDocker;
