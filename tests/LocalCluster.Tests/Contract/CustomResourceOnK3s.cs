using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class CustomResourceOnK3s(K3sFixture fixture)
    : CustomResourceContract<K3sFixture>(fixture), IClassFixture<K3sFixture>, IRequiresDocker;
