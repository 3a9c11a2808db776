using Mesh.LocalCluster.Tests.Infrastructure;

namespace Mesh.LocalCluster.Tests.Contract;

public sealed class ObjectSemanticsOnLocalApi(LocalApiFixture fixture)
    : ObjectSemanticsContract<LocalApiFixture>(fixture), IClassFixture<LocalApiFixture>;
