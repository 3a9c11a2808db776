using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class BuiltInBehaviourOnLocalApi(LocalApiFixture fixture)
    : BuiltInBehaviourContract<LocalApiFixture>(fixture), IClassFixture<LocalApiFixture>;
