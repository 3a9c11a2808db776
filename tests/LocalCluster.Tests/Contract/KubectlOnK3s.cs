using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class KubectlOnK3s(K3sFixture fixture)
    : KubectlContract<K3sFixture>(fixture), IClassFixture<K3sFixture>, IRequiresDocker;
