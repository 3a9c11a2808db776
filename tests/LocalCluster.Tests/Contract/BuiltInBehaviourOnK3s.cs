using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class BuiltInBehaviourOnK3s(K3sFixture fixture)
    : BuiltInBehaviourContract<K3sFixture>(fixture), IClassFixture<K3sFixture>, IRequiresDocker;
