using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class ObjectSemanticsOnK3s(K3sFixture fixture)
    : ObjectSemanticsContract<K3sFixture>(fixture), IClassFixture<K3sFixture>, IRequiresDocker;
