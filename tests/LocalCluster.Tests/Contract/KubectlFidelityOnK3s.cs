using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class KubectlFidelityOnK3s(K3sFixture fixture)
    : KubectlFidelityContract<K3sFixture>(fixture), IClassFixture<K3sFixture>, IRequiresDocker;
